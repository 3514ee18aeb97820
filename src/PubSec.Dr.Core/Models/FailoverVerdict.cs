namespace PubSec.Dr;

/// <summary>
/// A failover judged against the environment's objectives: the RTO against FailoverRto, each store's data-loss
/// window against Rpo (and RpoMax, the most the plan tolerates).
/// </summary>
public enum FailoverVerdict
{
    /// <summary>-WhatIf or a declined confirmation: the plan only, nothing changed.</summary>
    Planned,

    /// <summary>A step failed or was refused; the failover did not complete.</summary>
    Failed,

    /// <summary>Completed within FailoverRto, every data-loss window within Rpo.</summary>
    WithinObjectives,

    /// <summary>Completed within FailoverRto, a data-loss window above Rpo but within RpoMax.</summary>
    WithinMaximum,

    /// <summary>Completed, but beyond FailoverRto or with a data-loss window above RpoMax (or unknown).</summary>
    ObjectivesMissed,
}
