using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Metrics;

namespace PubSec.Dr.Tests.Metrics;

/// <summary>A fixed catalog, proofs and drill history whose metrics are known by hand (see DrMetricsBuilderTests).</summary>
internal static class MetricsSamples
{
    public static readonly DateTimeOffset AsOf = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A Redis name with a quote and a backslash: label values must be escaped.</summary>
    public const string RedisName = "tenant\"x\\y";

    public static QdrantBackup Qdrant(string collection, string id, BackupStatus status, DateTime started, double seconds, long size, params string[] tags) => new()
    {
        Id = id,
        Collection = collection,
        Status = status,
        StartedAt = started,
        CompletedAt = started.AddSeconds(seconds),
        Tags = tags,
        Parts = [new QdrantBackupPart { Key = $"qdrant/{collection}/{id}/node0-1.snapshot", Size = size }],
    };

    public static readonly QdrantBackup DocsGood = Qdrant("docs", "20261206T000000Z-aaaaaa", BackupStatus.Succeeded, Utc(2026, 12, 6, 0, 0, 0), 30, 1000);
    public static readonly QdrantBackup DocsIncomplete = Qdrant("docs", "20261206T060000Z-bbbbbb", BackupStatus.Incomplete, Utc(2026, 12, 6, 6, 0, 0), 60, 500);
    public static readonly QdrantBackup DocsAfterAsOf = Qdrant("docs", "20261206T130000Z-cccccc", BackupStatus.Succeeded, Utc(2026, 12, 6, 13, 0, 0), 30, 700);
    public static readonly QdrantBackup FaqForensic = Qdrant("faq", "20261205T230000Z-eeeeee", BackupStatus.Succeeded, Utc(2026, 12, 5, 23, 0, 0), 10, 42, DrBackup.ForensicTag);

    public static readonly RedisBackup Redis = new()
    {
        Id = "20261206T030000Z-dddddd",
        Name = RedisName,
        Status = BackupStatus.Succeeded,
        StartedAt = Utc(2026, 12, 6, 3, 0, 0),
        CompletedAt = Utc(2026, 12, 6, 3, 0, 5),
        Parts = [new BackupPart { Key = "redis/x/dump.rdb", Size = 2048 }],
    };

    public static RestoreProof Proof(DrBackup backup, DateTime at) => new()
    {
        BackupId = backup.Id,
        Kind = backup.Kind,
        Source = backup.Source,
        BackupCompletedAt = backup.CompletedAt,
        ProvenAt = at,
        ProvenBy = "Test-BackupIntegrity -Level Restore",
    };

    public static IntegrityVerdictRecord Verdict(DrBackup backup, IntegrityLevel level, IntegrityVerdict verdict, DateTime at, params string[] failed) => new()
    {
        BackupId = backup.Id,
        Kind = backup.Kind,
        Source = backup.Source,
        Level = level,
        Verdict = verdict,
        FailedChecks = [.. failed],
        CheckedAt = at,
    };

    public static DrillResult Drill(string id, DrillScenario scenario, DrillVerdict verdict, DateTimeOffset start, params DrillCheck[] checks) => new()
    {
        Id = id,
        Environment = "lab",
        Scenario = scenario,
        StartedAt = start,
        CompletedAt = start.AddSeconds(100),
        Rto = TimeSpan.FromSeconds(90),
        Rpo = TimeSpan.FromMinutes(20),
        Verdict = verdict,
        Checks = [.. checks],
    };

    public static MetricsInput Input() => new()
    {
        AsOf = AsOf,
        Backups = [DocsAfterAsOf, DocsIncomplete, Redis, DocsGood, FaqForensic],
        Proofs =
        [
            Proof(DocsGood, Utc(2026, 12, 6, 8, 0, 0)),
            // Proofs of a backup no longer in the catalog, and one made after -AsOf, prove nothing.
            new RestoreProof { BackupId = "20261201T000000Z-gone00", Kind = "Qdrant", Source = "docs", BackupCompletedAt = Utc(2026, 12, 1, 0, 0, 0), ProvenAt = Utc(2026, 12, 6, 9, 0, 0) },
            Proof(DocsAfterAsOf, Utc(2026, 12, 6, 13, 5, 0)),
        ],
        Verdicts =
        [
            // docs: the incomplete backup failed its Full check (docs FAIL), the good one passed Quick before its restore proof.
            Verdict(DocsIncomplete, IntegrityLevel.Full, IntegrityVerdict.Failed, Utc(2026, 12, 6, 7, 0, 0), "PartChecksum"),
            Verdict(DocsGood, IntegrityLevel.Quick, IntegrityVerdict.Passed, Utc(2026, 12, 6, 7, 30, 0)),
            Verdict(Redis, IntegrityLevel.Quick, IntegrityVerdict.Passed, Utc(2026, 12, 6, 4, 0, 0)),
        ],
        Replication =
        [
            new ReplicationLag("secondary", "primary", new RedisReplicationStatus
            {
                LinkStatus = "up", LagBytes = 120, LagSeconds = 1, Verdict = RedisReplicationVerdict.Healthy,
            }),
        ],
        Drills =
        [
            new DrillHistory
            {
                Environment = "lab",
                // Newest first, as the history store answers.
                Drills =
                [
                    Drill("d3", DrillScenario.SecurityBreach, DrillVerdict.Failed, new DateTimeOffset(2026, 12, 6, 13, 0, 0, TimeSpan.Zero)),
                    Drill("d1", DrillScenario.DatabaseRestore, DrillVerdict.Passed, new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero),
                        new DrillCheck { Name = "Restore", Passed = true, Target = DocsGood.Id },
                        new DrillCheck { Name = "RedisRestore", Passed = true, Target = Redis.Id },
                        new DrillCheck { Name = "Restore", Passed = false, Target = DocsIncomplete.Id }),
                    Drill("d2", DrillScenario.DatabaseRestore, DrillVerdict.Failed, new DateTimeOffset(2026, 11, 6, 2, 0, 0, TimeSpan.Zero)),
                ],
            },
        ],
    };

    public static DateTime Utc(int y, int mo, int d, int h, int mi, int s) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);
}
