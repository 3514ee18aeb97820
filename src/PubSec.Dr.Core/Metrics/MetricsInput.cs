using PubSec.Dr.Backups.Integrity;

namespace PubSec.Dr.Metrics;

/// <summary>What the metrics are computed from, as read from one store: its catalog, its restore proofs and its drill histories.</summary>
public sealed class MetricsInput
{
    public IReadOnlyList<DrBackup> Backups { get; init; } = [];

    public IReadOnlyList<RestoreProof> Proofs { get; init; } = [];

    /// <summary>One history per environment whose drills the store holds.</summary>
    public IReadOnlyList<DrillHistory> Drills { get; init; } = [];

    /// <summary>The clock the metrics are computed at: ages are taken against it, and what happened after it is left out.</summary>
    public DateTimeOffset AsOf { get; init; }
}
