using PubSec.Dr.Serialization;

namespace PubSec.Dr.Metrics;

/// <summary>
/// Get-DrStatus from the same store reading as Export-DrMetrics (<see cref="MetricsGatherer"/>): one row per Qdrant
/// collection and Redis name with backups, judged against <see cref="StatusLimits"/> at the given time. A source never
/// proven restorable is WARN (a new installation before its first weekly restore test), not FAIL; no drill is WARN, and
/// so is no recorded integrity check. Redis rows also judge the replication lag when it was measured (-Environment).
/// </summary>
public static class DrStatusBuilder
{
    /// <summary>Get-DrStatus' one operation: read the store, then judge.</summary>
    public static async Task<IReadOnlyList<DrStatus>> ReadAsync(Storage.IBackupStore store, string? environment, DateTimeOffset asOf, Action<Errors.DrException> error, CancellationToken ct,
        ReplicationProbe? replication = null) =>
        Build(await MetricsGatherer.ReadAsync(store, environment, asOf, error, ct, replication).ConfigureAwait(false));

    public static IReadOnlyList<DrStatus> Build(MetricsInput input)
    {
        var now = input.AtAsOf();
        var asOf = now.AsOf.UtcDateTime;
        var proven = VerifiedRestorable.Newest(now);
        var lastDrill = now.Drills.SelectMany(h => h.Drills).OrderByDescending(d => d.StartedAt).FirstOrDefault();
        var integrity = LastIntegrity.Of(now);
        return [.. now.Backups
            .Where(b => b.Kind is QdrantBackup.KindName or RedisBackup.KindName)
            .GroupBy(b => (b.Kind, b.Source))
            .OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Source, StringComparer.Ordinal)
            .Select(g => Row(g.Key.Kind, g.Key.Source, g.Where(b => b.IsRestorable).MaxBy(b => b.CompletedAt), proven.GetValueOrDefault(g.Key), lastDrill, now.AsOf))
            .Select(row => WithIntegrity(row, integrity.GetValueOrDefault((row.Kind, row.Source))))
            .Select(row => row.Kind == RedisBackup.KindName ? WithReplication(row, now.Replication) : row)
            .Select(Worst)];
    }

    private static DrStatus WithIntegrity(DrStatus status, LastIntegrity.Summary? summary)
    {
        if (summary is null)
        {
            status.IntegrityHealth = DrHealth.WARN;
            status.Reasons.Add("no recorded integrity check (the daily integrity runbook, Test-BackupIntegrity -Record)");
            return status;
        }

        var latest = summary.Latest;
        status.LastIntegrity = $"{latest.Level} {latest.Verdict} {latest.BackupId}";
        status.LastIntegrityAt = UtcTimes.AsUtc(latest.CheckedAt);
        var age = status.AsOf.UtcDateTime - status.LastIntegrityAt.Value;
        status.IntegrityHealth = summary.Failing.Count > 0 ? DrHealth.FAIL : StatusLimits.Integrity.Judge(age);
        foreach (var failed in summary.Failing)
        {
            status.Reasons.Add($"backup {failed.BackupId} failed its {failed.Level} check ({string.Join(", ", failed.FailedChecks)}) at {UtcTimes.AsUtc(failed.CheckedAt):u}");
        }

        if (summary.Failing.Count == 0 && status.IntegrityHealth != DrHealth.OK)
        {
            status.Reasons.Add($"last integrity check {Age(age)} ago (daily; FAIL after {Age(StatusLimits.Integrity.Warn)})");
        }

        return status;
    }

    private static DrStatus WithReplication(DrStatus status, IReadOnlyList<ReplicationLag> links)
    {
        if (links.Count == 0)
        {
            return status;
        }

        status.ReplicationLagSeconds = links.Max(l => l.Status.LagSeconds);
        status.ReplicationLagBytes = links.Max(l => l.Status.LagBytes);
        status.ReplicationHealth = links.Select(l => l.Status.Verdict == RedisReplicationVerdict.Healthy ? DrHealth.OK
            : string.Equals(l.Status.LinkStatus, "up", StringComparison.OrdinalIgnoreCase) ? DrHealth.WARN : DrHealth.FAIL).Max();
        foreach (var link in links.Where(l => l.Status.Verdict != RedisReplicationVerdict.Healthy))
        {
            status.Reasons.Add($"Redis replica of region {link.Region} (following {link.PrimaryRegion}): {string.Join("; ", link.Status.Reasons)}");
        }

        return status;
    }

    private static DrStatus Worst(DrStatus status)
    {
        status.Health = new[] { status.BackupHealth, status.VerifiedHealth, status.IntegrityHealth, status.DrillHealth, status.ReplicationHealth ?? DrHealth.OK }.Max();
        return status;
    }

    private static DrStatus Row(string kind, string source, DrBackup? newest, VerifiedRestorable.Proven? verified, DrillResult? drill, DateTimeOffset asOf)
    {
        var at = asOf.UtcDateTime;
        var status = new DrStatus { Kind = kind, Source = source, AsOf = asOf.ToUniversalTime() };
        var limits = StatusLimits.For(kind);
        if (newest is null)
        {
            status.BackupHealth = DrHealth.FAIL;
            status.Reasons.Add("no Succeeded backup in the store");
        }
        else
        {
            status.NewestBackupId = newest.Id;
            status.NewestBackupAt = UtcTimes.AsUtc(newest.CompletedAt);
            status.NewestBackupAge = at - status.NewestBackupAt;
            status.BackupHealth = limits.Judge(status.NewestBackupAge.Value);
            if (status.BackupHealth != DrHealth.OK)
            {
                status.Reasons.Add($"newest backup {Age(status.NewestBackupAge.Value)} old (OK up to {Age(limits.Ok)}, FAIL after {Age(limits.Warn)})");
            }
        }

        if (verified is null)
        {
            status.VerifiedHealth = DrHealth.WARN;
            status.Reasons.Add("no backup proven restorable yet (Test-BackupIntegrity -Level Restore or a drill)");
        }
        else
        {
            status.VerifiedBackupId = verified.Backup.Id;
            status.VerifiedBackupAt = UtcTimes.AsUtc(verified.Backup.CompletedAt);
            status.VerifiedBackupAge = at - status.VerifiedBackupAt;
            status.VerifiedBy = verified.ProvenBy;
            status.VerifiedHealth = StatusLimits.Verified.Judge(status.VerifiedBackupAge.Value);
            if (status.VerifiedHealth != DrHealth.OK)
            {
                status.Reasons.Add($"newest verified-restorable backup {Age(status.VerifiedBackupAge.Value)} old (weekly restore test; FAIL after {Age(StatusLimits.Verified.Warn)})");
            }
        }

        if (drill is null)
        {
            status.DrillHealth = DrHealth.WARN;
            status.Reasons.Add("no drill in the store's history");
        }
        else
        {
            status.LastDrill = $"{drill.Scenario} {drill.Verdict}";
            status.LastDrillAt = drill.StartedAt.ToUniversalTime();
            status.DrillHealth = drill.Verdict == DrillVerdict.Failed ? DrHealth.FAIL : StatusLimits.Drill.Judge(asOf - drill.StartedAt);
            if (status.DrillHealth != DrHealth.OK)
            {
                status.Reasons.Add(drill.Verdict == DrillVerdict.Failed ? $"last drill ({drill.Scenario}, {drill.StartedAt.UtcDateTime:u}) failed" : $"last drill {Age(asOf - drill.StartedAt)} ago (monthly)");
            }
        }

        return status;
    }

    private static string Age(TimeSpan age) => age.TotalHours < 48 ? $"{age.TotalHours:0.#} h" : $"{age.TotalDays:0.#} d";
}
