using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Drills;
using PubSec.Dr.Serialization;

namespace PubSec.Dr.Metrics;

/// <summary>What the metrics are computed from, as read from one store: its catalog, its restore proofs and its drill histories.</summary>
public sealed class MetricsInput
{
    public IReadOnlyList<DrBackup> Backups { get; init; } = [];

    public IReadOnlyList<RestoreProof> Proofs { get; init; } = [];

    /// <summary>The latest integrity verdict of each backup that was checked with -Record.</summary>
    public IReadOnlyList<IntegrityVerdictRecord> Verdicts { get; init; } = [];

    /// <summary>The Redis replication links measured now (only with an environment of several regions with Redis).</summary>
    public IReadOnlyList<ReplicationLag> Replication { get; init; } = [];

    /// <summary>One history per environment whose drills the store holds.</summary>
    public IReadOnlyList<DrillHistory> Drills { get; init; } = [];

    /// <summary>The clock the metrics are computed at: ages are taken against it, and what happened after it is left out.</summary>
    public DateTimeOffset AsOf { get; init; }

    /// <summary>The store as it stood at <see cref="AsOf"/>: backups completed, proofs made and drills started later are left out.</summary>
    public MetricsInput AtAsOf() => new()
    {
        AsOf = AsOf,
        Backups = [.. Backups.Where(b => UtcTimes.AsUtc(b.CompletedAt) <= AsOf.UtcDateTime)],
        Proofs = [.. Proofs.Where(p => UtcTimes.AsUtc(p.ProvenAt) <= AsOf.UtcDateTime)],
        Verdicts = [.. Verdicts.Where(v => UtcTimes.AsUtc(v.CheckedAt) <= AsOf.UtcDateTime)],
        // A live measurement: the same at any -AsOf, since the store keeps no history of it.
        Replication = Replication,
        Drills = [.. Drills.Select(h => DrillTrends.Summarize(h.Environment, [.. h.Drills.Where(d => d.StartedAt <= AsOf)]))],
    };
}
