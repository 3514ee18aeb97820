using PubSec.Dr.Environments;

namespace PubSec.Dr.Failover;

/// <summary>What Invoke-RegionalFailover asks for: which environment moves from where to where, and how.</summary>
public sealed record FailoverRequest(string Environment, string From, string To, DrObjectives Objectives)
{
    /// <summary>A planned failover: run even when the source is healthy or the target NotReady.</summary>
    public bool Force { get; init; }

    /// <summary>When the source was first seen failing; the RTO is also measured from it.</summary>
    public DateTimeOffset? OutageStartedAt { get; init; }

    /// <summary>Ignore an unfinished journal and start over.</summary>
    public bool Restart { get; init; }

    /// <summary>Apply a configuration backup to the target's empty namespace first (plan 2.3 steps 3–4, -RebuildFrom).</summary>
    public bool Rebuild { get; init; }
}
