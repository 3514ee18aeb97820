using System.Globalization;

namespace PubSec.Dr.Backups.Retention;

/// <summary>The UTC calendar periods GFS slots are counted in, as the labels reasons show.</summary>
public static class RetentionPeriods
{
    public static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string IsoWeek(DateTime utc) =>
        FormattableString.Invariant($"{ISOWeek.GetYear(utc)}-W{ISOWeek.GetWeekOfYear(utc):00}");

    public static string Month(DateTime utc) => utc.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
