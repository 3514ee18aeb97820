using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Drills;

namespace PubSec.Dr.Metrics;

/// <summary>
/// The newest backup per collection or Redis name that a restore proved: a restore proof in the store
/// (Test-BackupIntegrity -Level Restore passed) or a drill whose restore check of that backup passed (the Qdrant
/// scratch restore "Restore", the Redis restore "RedisRestore", each naming the backup id as its target). A backup
/// counts only while it is still in the catalog and restorable: a proof of a deleted backup proves nothing now.
/// </summary>
public static class VerifiedRestorable
{
    public sealed record Proven(DrBackup Backup, DateTime ProvenAt, string ProvenBy);

    /// <summary>Per (kind, source): the newest proven backup (by completion), with its latest proof; give the input <see cref="MetricsInput.AtAsOf"/>.</summary>
    public static IReadOnlyDictionary<(string Kind, string Source), Proven> Newest(MetricsInput input)
    {
        var asOf = input.AsOf.UtcDateTime;
        var byId = input.Backups.Where(b => b.IsRestorable).GroupBy(b => b.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var proven = new Dictionary<(string, string), Proven>();
        foreach (var (id, at, by) in Evidence(input).Where(p => p.ProvenAt <= asOf))
        {
            if (!byId.TryGetValue(id, out var backup))
            {
                continue;
            }

            var key = (backup.Kind, backup.Source);
            if (!proven.TryGetValue(key, out var current) || backup.CompletedAt > current.Backup.CompletedAt
                || (backup.CompletedAt == current.Backup.CompletedAt && at > current.ProvenAt))
            {
                proven[key] = new Proven(backup, at, by);
            }
        }

        return proven;
    }

    /// <summary>Every restore that proved a backup: the restore proofs, and the drills' passing restore checks.</summary>
    public static IEnumerable<(string BackupId, DateTime ProvenAt, string ProvenBy)> Evidence(MetricsInput input) =>
        input.Proofs.Select(p => (p.BackupId, p.ProvenAt, p.ProvenBy))
            .Concat(input.Drills.SelectMany(h => h.Drills).SelectMany(d => d.Checks
                .Where(c => c.Passed && c.Target is not null && DrillRestoreChecks.All.Contains(c.Name, StringComparer.Ordinal))
                .Select(c => (BackupId: c.Target!, ProvenAt: (d.CompletedAt ?? d.StartedAt).UtcDateTime, ProvenBy: $"Invoke-DrDrill {d.Scenario} {d.Id}"))));
}
