using System.Text.RegularExpressions;

namespace PubSec.Dr.Drills;

/// <summary>Names of what drills own: ids, scratch collections, ledger and history keys in the store.</summary>
public static partial class DrillNames
{
    /// <summary>Beside Test-BackupIntegrity's "pubsec-dr-scratch-": every drill-owned collection starts with this.</summary>
    public const string ScratchPrefix = "pubsec-dr-drill-";

    public static string NewId() => Guid.NewGuid().ToString("N")[..10];

    public static string Scratch(string drillId, string collection) => $"{ScratchPrefix}{drillId}-{collection}";

    public static string Root(string environment) => $"drills/{environment}/";

    public static string RunningPrefix(string environment) => $"{Root(environment)}running/";

    public static string Ledger(string environment, string drillId) => $"{RunningPrefix(environment)}{drillId}.json";

    /// <summary>drills/&lt;environment&gt;/&lt;yyyyMMddTHHmmssZ&gt;-&lt;scenario&gt;-&lt;id&gt;.json: sorts by time in any store listing.</summary>
    public static string History(DrillResult result) =>
        $"{Root(result.Environment)}{result.StartedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{result.Scenario}-{result.Id}.json";

    /// <summary>True for a history key (not a ledger under running/).</summary>
    public static bool IsHistory(string environment, string key) =>
        key.StartsWith(Root(environment), StringComparison.Ordinal) && HistoryName().IsMatch(key[Root(environment).Length..]);

    [GeneratedRegex(@"^\d{8}T\d{6}Z-[A-Za-z]+-[0-9a-f]+\.json$")]
    private static partial Regex HistoryName();
}
