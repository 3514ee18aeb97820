using System.Globalization;
using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Storage;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Retention;

/// <summary>A backup of a kind with no model yet (Redis), to prove retention is per kind.</summary>
internal sealed class KindBackup : DrBackup
{
    private readonly string _kind;

    public KindBackup(string kind) => _kind = kind;

    public override string Kind => _kind;

    public override IReadOnlyList<BackupPart> AllParts => [];

    public override string Source => string.Empty;
}

/// <summary>Synthetic catalogs for retention: backups at fixed times, in memory or written to a store with tiny parts.</summary>
internal static class RetentionCatalog
{
    /// <summary>The first of 360 six-hourly backups; the last is 2026-11-20T18:00Z.</summary>
    public static readonly DateTime Start = new(2026, 8, 23, 0, 0, 0, DateTimeKind.Utc);

    public static List<DrBackup> SixHourly(string collection, int count, DateTime start) =>
        Enumerable.Range(0, count).Select(i => (DrBackup)Qdrant(collection, start.AddHours(6 * i))).ToList();

    public static QdrantBackup Qdrant(string collection, DateTime startedAt, BackupStatus status = BackupStatus.Succeeded, params string[] tags)
    {
        var id = startedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + collection;
        var prefix = BackupLayout.QdrantPrefix(collection, id);
        return new QdrantBackup
        {
            Id = id,
            Collection = collection,
            StartedAt = startedAt,
            CompletedAt = startedAt.AddMinutes(5),
            Status = status,
            Tags = tags,
            Problems = status == BackupStatus.Succeeded ? [] : ["Shard 1 has no data on any node."],
            ManifestKey = BackupLayout.Manifest(prefix),
            Parts = [new QdrantBackupPart { Key = BackupLayout.QdrantPart(prefix, 0, 42), Size = 16 + (startedAt.Hour % 5), Sha256 = new string('0', 64) }],
        };
    }

    public static KindBackup Other(string kind, DateTime startedAt) => new(kind)
    {
        Id = startedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + kind.ToLowerInvariant(),
        StartedAt = startedAt,
        CompletedAt = startedAt.AddMinutes(1),
        Status = BackupStatus.Succeeded,
    };

    /// <summary>Writes the backup's parts (bytes of the recorded size) and then its manifest, as the engines do.</summary>
    public static async Task WriteAsync(IBackupStore store, QdrantBackup backup)
    {
        foreach (var part in backup.Parts)
        {
            var bytes = TestData.Bytes((int)part.Size, seed: part.Key.Length);
            part.Sha256 = TestData.Sha256Hex(bytes);
            await using var upload = await store.BeginUploadAsync(part.Key, CancellationToken.None);
            await upload.Content.WriteAsync(bytes);
            await upload.CompleteAsync(CancellationToken.None);
        }

        await new BackupCatalog(store).WriteManifestAsync(backup, backup.ManifestKey, CancellationToken.None);
    }

    /// <summary>Findings as if the newest restorable backup of every group passed integrity.</summary>
    public static IntegrityFindings NewestPasses(IEnumerable<DrBackup> backups)
    {
        var findings = new IntegrityFindings();
        foreach (var group in backups.Where(b => b.IsRestorable).GroupBy(RetentionGroup.Of))
        {
            findings.NewestGood[group.Key] = group.MaxBy(b => b.StartedAt)!;
        }

        return findings;
    }
}
