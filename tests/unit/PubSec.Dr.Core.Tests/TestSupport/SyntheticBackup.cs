using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>One node's part of a synthesized backup: its snapshot and the shards the manifest says it holds data for.</summary>
internal sealed record SyntheticNode(QdrantSnapshotBuilder Snapshot, params int[] ClaimedShards);

/// <summary>
/// Writes a backup into a store the way the backup engine does: parts through the store's upload, sizes and
/// SHA-256 computed from the stored bytes, and the manifest last through <see cref="BackupCatalog.WriteManifestAsync"/>.
/// </summary>
internal static class SyntheticBackup
{
    public static readonly DateTime DefaultStart = new(2026, 3, 1, 10, 15, 42, DateTimeKind.Utc);

    /// <summary>
    /// A Redis backup of one part written straight into the store, its manifest's size and SHA-256 made to match the
    /// bytes given, as an attacker or a bad copy would leave a damaged part. The restore reads the manifest again from
    /// the store, so the forged one must be there.
    /// </summary>
    public static async Task<RedisBackup> WriteRedisAsync(IBackupStore store, RedisBackup backup, string partKey, byte[] part)
    {
        await using (var upload = await store.BeginUploadAsync(partKey, CancellationToken.None))
        {
            await upload.Content.WriteAsync(part);
            await upload.CompleteAsync(CancellationToken.None);
        }

        backup.Parts = [new BackupPart { Key = partKey, Size = part.Length, Sha256 = TestData.Sha256Hex(part) }];
        await new BackupCatalog(store).WriteManifestAsync(backup, BackupLayout.Manifest(BackupLayout.RedisPrefix(backup.Name, backup.Id)), CancellationToken.None);
        return backup;
    }

    public static async Task<QdrantBackup> WriteAsync(IBackupStore store, string collection, string id, int shardNumber,
        IReadOnlyList<SyntheticNode> nodes, BackupStatus status = BackupStatus.Succeeded, DateTime? startedAt = null,
        PartEncryptor? encryptor = null, ManifestSigner? signer = null)
    {
        var prefix = BackupLayout.QdrantPrefix(collection, id);
        var parts = new List<QdrantBackupPart>();
        for (var index = 0; index < nodes.Count; index++)
        {
            var peerId = 5503872196711430UL + (ulong)index;
            var key = BackupLayout.QdrantPart(prefix, index, peerId);
            var bytes = nodes[index].Snapshot.Build();
            StoredMeasure? stored = null;
            await using (var upload = await store.BeginUploadAsync(key, CancellationToken.None))
            {
                if (encryptor is null)
                {
                    await upload.Content.WriteAsync(bytes);
                }
                else
                {
                    await using var encrypting = encryptor.Open(upload.Content);
                    await encrypting.WriteAsync(bytes);
                    stored = await encrypting.CompleteAsync(CancellationToken.None);
                }

                await upload.CompleteAsync(CancellationToken.None);
            }

            parts.Add(new QdrantBackupPart
            {
                Key = key,
                Size = bytes.Length,
                Sha256 = TestData.Sha256Hex(bytes),
                StoredSize = stored?.Bytes,
                StoredSha256 = stored?.Sha256,
                Encryption = encryptor?.DescribePart(),
                NodeUri = $"http://qdrant-{index}:6333",
                PeerId = peerId,
                SnapshotName = $"{collection}-{peerId}-2026-03-01-10-15-42.snapshot",
                QdrantChecksum = TestData.Sha256Hex(bytes),
                Shards = Enumerable.Range(0, shardNumber).Select(shard => new QdrantPartShard
                {
                    ShardId = shard,
                    PointCount = nodes[index].ClaimedShards.Contains(shard) ? 100 : 0,
                    State = "Active",
                    HasData = nodes[index].ClaimedShards.Contains(shard),
                }).ToArray(),
            });
        }

        var started = startedAt ?? DefaultStart;
        var backup = new QdrantBackup
        {
            Id = id,
            Status = status,
            StartedAt = started,
            CompletedAt = started.AddSeconds(30),
            Problems = status == BackupStatus.Succeeded ? [] : ["Shard 1 has no data on any node."],
            Collection = collection,
            QdrantVersion = "1.20.0",
            Nodes = nodes.Select((_, index) => $"http://qdrant-{index}:6333").ToArray(),
            Config = new QdrantCollectionConfig
            {
                Vectors = [new QdrantVectorConfig { Size = 4, Distance = "Cosine" }],
                ShardNumber = (uint)shardNumber,
                ReplicationFactor = 1,
                WriteConsistencyFactor = 1,
            },
            PointCount = 100L * shardNumber,
            Parts = parts.ToArray(),
        };

        await new BackupCatalog(store) { Signer = signer }.WriteManifestAsync(backup, BackupLayout.Manifest(prefix), CancellationToken.None);
        return backup;
    }

    /// <summary>A minimal manifest-only backup, for catalog listings.</summary>
    public static Task<QdrantBackup> WriteManifestOnlyAsync(IBackupStore store, string collection, string id, DateTime startedAt) =>
        WriteAsync(store, collection, id, shardNumber: 1, nodes: [], BackupStatus.Succeeded, startedAt);
}
