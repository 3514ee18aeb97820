using System.Text.RegularExpressions;

namespace PubSec.Dr.Audit;

/// <summary>
/// Which records Get-DrAuditLog returns: a time window (After inclusive, Before exclusive) and
/// case-insensitive wildcard patterns (* and ?) on the command, target, identity and outcome. Unset means any.
/// </summary>
public sealed class AuditFilter
{
    /// <summary>Records at or after this time.</summary>
    public DateTimeOffset? After { get; init; }

    /// <summary>Records before this time.</summary>
    public DateTimeOffset? Before { get; init; }

    public string? Command { get; init; }

    public string? Target { get; init; }

    public string? Identity { get; init; }

    public string? Outcome { get; init; }

    public bool Matches(AuditRecord record) =>
        (After is not { } after || record.Time >= after.UtcDateTime)
        && (Before is not { } before || record.Time < before.UtcDateTime)
        && Like(record.Command, Command) && Like(record.Target, Target)
        && Like(record.Identity, Identity) && Like(record.Outcome, Outcome);

    private static bool Like(string value, string? pattern) =>
        pattern is null || Regex.IsMatch(value,
            "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
}
