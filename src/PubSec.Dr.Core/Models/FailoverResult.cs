namespace PubSec.Dr;

/// <summary>
/// Invoke-RegionalFailover's result (PSTypeName PubSec.Dr.FailoverResult): every step timed, the measured RTO, the
/// data-loss window per store, the verdict against the environment's objectives and the incident notice.
/// </summary>
public sealed class FailoverResult
{
    public string Environment { get; set; } = string.Empty;

    public string From { get; set; } = string.Empty;

    public string To { get; set; } = string.Empty;

    /// <summary>Failover (source failing), Switchover (planned, -Force) or Failback (undoing an earlier failover).</summary>
    public FailoverKind Kind { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the caller says the source region was first seen failing (-OutageStartedAt).</summary>
    public DateTimeOffset? OutageStartedAt { get; set; }

    public List<FailoverStep> Steps { get; set; } = [];

    /// <summary>From the start of the failover to the verified service.</summary>
    public TimeSpan? Rto { get; set; }

    /// <summary>From the outage start (when given) to the verified service: what users lived through.</summary>
    public TimeSpan? RtoFromOutage { get; set; }

    public List<FailoverDataLoss> DataLoss { get; set; } = [];

    /// <summary>
    /// Switchover and failback: the differences Compare-RedisData found between the active Redis and the target's
    /// right before the switch (0: no balance written in the active region was lost); null for a failover.
    /// </summary>
    public long? RedisDifferences { get; set; }

    public FailoverVerdict Verdict { get; set; }

    /// <summary>Why the verdict is what it is, one line per objective.</summary>
    public List<string> VerdictReasons { get; set; } = [];

    /// <summary>True when the source region was fenced (its Deployments at 0 and its Redis refusing writes).</summary>
    public bool SourceFenced { get; set; }

    /// <summary>What an operator must do, e.g. fence the source by hand when it comes back.</summary>
    public List<string> OperatorActions { get; set; } = [];

    public IncidentNotice? Notice { get; set; }

    /// <summary>Where the journal is kept (a file path or store key).</summary>
    public string? Journal { get; set; }

    /// <summary>True when this run continued an earlier, unfinished one.</summary>
    public bool Resumed { get; set; }

    /// <summary>The step, or null when this kind of run has no such step.</summary>
    public FailoverStep? Step(FailoverStepName name) => Steps.FirstOrDefault(s => s.Name == name);

    public override string ToString() => $"{Environment} {Kind} {From} -> {To}: {Verdict}";
}
