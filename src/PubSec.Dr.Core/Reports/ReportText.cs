using System.Globalization;
using PubSec.Dr.Serialization;

namespace PubSec.Dr.Reports;

/// <summary>How every renderer writes times, durations, sizes and verdicts, so the three formats read alike.</summary>
public static class ReportText
{
    /// <summary>"2 h 5 min", "3 min 12 s", "41.3 s", "—" for unknown.</summary>
    public static string Duration(TimeSpan? value)
    {
        if (value is not { } d)
        {
            return "—";
        }

        var sign = d < TimeSpan.Zero ? "-" : string.Empty;
        d = d.Duration();
        if (d.TotalDays >= 1)
        {
            return sign + Pair((int)d.TotalDays, "d", d.Hours, "h");
        }

        if (d.TotalHours >= 1)
        {
            return sign + Pair((int)d.TotalHours, "h", d.Minutes, "min");
        }

        return d.TotalMinutes >= 1
            ? sign + Pair((int)d.TotalMinutes, "min", d.Seconds, "s")
            : sign + d.TotalSeconds.ToString(d.TotalSeconds < 10 ? "0.0#" : "0", CultureInfo.InvariantCulture) + " s";
    }

    // "2 h" rather than "2 h 0 min": round targets and axis ticks read as they are written in the plan.
    private static string Pair(int major, string majorUnit, int minor, string minorUnit) =>
        minor == 0 ? $"{major} {majorUnit}" : $"{major} {majorUnit} {minor} {minorUnit}";

    /// <summary>UTC, to the second, with a Z: "2026-12-05 05:28:59Z".</summary>
    public static string Time(DateTimeOffset? value) =>
        value is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "—";

    public static string Time(DateTime value) => Time(new DateTimeOffset(UtcTimes.AsUtc(value)));

    public static string Bytes(long value)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double size = value;
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return unit == 0 ? $"{value} B" : size.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Percent(double? ratio) =>
        ratio is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    public static string PassedOrFailed(bool passed) => passed ? "Passed" : "FAILED";

    /// <summary>Whether a verdict is good, acceptable or bad: the colour the HTML gives it (the word is always written too).</summary>
    public static VerdictTone Tone(DrillVerdict verdict) => verdict == DrillVerdict.Passed ? VerdictTone.Good : VerdictTone.Bad;

    public static VerdictTone Tone(IntegrityVerdict verdict) => verdict == IntegrityVerdict.Passed ? VerdictTone.Good : VerdictTone.Bad;

    public static VerdictTone Tone(FailoverVerdict verdict) => verdict switch
    {
        FailoverVerdict.WithinObjectives => VerdictTone.Good,
        FailoverVerdict.WithinMaximum or FailoverVerdict.Planned => VerdictTone.Warn,
        _ => VerdictTone.Bad,
    };

    public static VerdictTone Tone(FailoverStepStatus status) => status switch
    {
        FailoverStepStatus.Succeeded => VerdictTone.Good,
        FailoverStepStatus.Failed => VerdictTone.Bad,
        _ => VerdictTone.Neutral,
    };
}

public enum VerdictTone
{
    Neutral,
    Good,
    Warn,
    Bad,
}
