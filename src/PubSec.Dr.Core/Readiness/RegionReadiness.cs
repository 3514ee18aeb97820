namespace PubSec.Dr;

/// <summary>
/// Whether a region can take the load (plan 2.1 step 1): the verdict and every check behind it. Read-only:
/// producing it changed nothing in the region.
/// </summary>
public sealed class RegionReadiness
{
    public string Environment { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    public ReadinessVerdict Verdict { get; set; }

    public ReadinessCheck[] Checks { get; set; } = [];

    public DateTime StartedAt { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>The checks that failed, by name (the table view shows them beside the verdict).</summary>
    public string[] FailedChecks => [.. Checks.Where(c => c.Status == ReadinessStatus.Failed).Select(c => c.Name)];

    /// <summary>The checks that ended in a Warning, by name.</summary>
    public string[] WarningChecks => [.. Checks.Where(c => c.Status == ReadinessStatus.Warning).Select(c => c.Name)];

    /// <summary>NotReady when any check failed, Degraded when the worst is a Warning, else Ready.</summary>
    public static ReadinessVerdict VerdictOf(IEnumerable<ReadinessCheck> checks)
    {
        var statuses = checks.Select(c => c.Status).ToList();
        return statuses.Contains(ReadinessStatus.Failed) ? ReadinessVerdict.NotReady
            : statuses.Contains(ReadinessStatus.Warning) ? ReadinessVerdict.Degraded
            : ReadinessVerdict.Ready;
    }

    public override string ToString() => $"{Region}: {Verdict}";
}
