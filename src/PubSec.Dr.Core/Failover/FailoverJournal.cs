namespace PubSec.Dr.Failover;

/// <summary>
/// The journal of one failover (environment, from, to): its steps as they change and the lease of the run that
/// owns it. Written after every change, so a killed or failed run is continued where it stopped.
/// </summary>
public sealed class FailoverJournal
{
    public string Environment { get; set; } = string.Empty;

    public string From { get; set; } = string.Empty;

    public string To { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? OutageStartedAt { get; set; }

    public FailoverLease? Lease { get; set; }

    /// <summary>Decided when the trigger is confirmed (<see cref="Settle"/>); a resumed run keeps it.</summary>
    public FailoverKind Kind { get; set; }

    /// <summary>True when the target's namespace is rebuilt from a configuration backup first (-RebuildFrom).</summary>
    public bool Rebuild { get; set; }

    public List<FailoverStep> Steps { get; set; } = [];

    /// <summary>A fresh journal: every step NotStarted, until <see cref="Settle"/> drops those the run's kind does not need.</summary>
    public static FailoverJournal Start(string environment, string from, string to, DateTimeOffset now, DateTimeOffset? outage, bool rebuild = false) => new()
    {
        Environment = environment, From = from, To = to, StartedAt = now, OutageStartedAt = outage, Rebuild = rebuild,
        Steps = [.. Enum.GetValues<FailoverStepName>().Select(name => new FailoverStep { Name = name })],
    };

    /// <summary>Fixes the kind and keeps only its steps: syncing and reprotecting need a healthy source; the target's workloads are prepared for a rebuild or a failback.</summary>
    public void Settle(FailoverKind kind)
    {
        Kind = kind;
        Steps.RemoveAll(s => !Needs(s.Name));
    }

    public bool Has(FailoverStepName name) => Steps.Exists(s => s.Name == name);

    private bool Needs(FailoverStepName name) => name switch
    {
        FailoverStepName.TargetWorkloads => Rebuild || Kind == FailoverKind.Failback,
        FailoverStepName.SyncRedis or FailoverStepName.SyncQdrant or FailoverStepName.Reprotect => Kind != FailoverKind.Failover,
        _ => true,
    };

    public bool IsComplete => Steps.Count > 0 && Steps.All(s => s.Status is FailoverStepStatus.Succeeded or FailoverStepStatus.Skipped);

    public FailoverStep Step(FailoverStepName name) => Steps.First(s => s.Name == name);
}

/// <summary>Who runs a failover now, until when. A run renews it while it works; an expired lease is free.</summary>
public sealed record FailoverLease(string Owner, DateTimeOffset ExpiresAt);
