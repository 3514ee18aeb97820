using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Archive;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant.Backup;

/// <summary>
/// Moves one node's snapshot into the store in a single pass: download, SHA-256, tar inspection, store
/// write (through the CMS encryptor when one is given). The stored object becomes visible only after the
/// bytes match what Qdrant reported.
/// </summary>
internal sealed class QdrantPartWriter
{
    private readonly BackupWrite _write;
    private readonly IOperationLog _log;
    private readonly PartEncryptor? _encryptor;

    public QdrantPartWriter(BackupWrite write, IOperationLog log, PartEncryptor? encryptor = null)
    {
        _write = write;
        _log = log;
        _encryptor = encryptor;
    }

    public async Task<(QdrantBackupPart Part, ArchiveSummary Archive)> StorePartAsync(QdrantBackupPlan plan, QdrantNodeView node, SnapshotDescription snapshot,
        IProgress<TransferProgress>? progress, List<string> problems, CancellationToken ct, PhaseClock? phases = null)
    {
        var key = BackupLayout.QdrantPart(_write.Target.Prefix, node.Index, node.PeerId);
        _log.Verbose($"Streaming {snapshot.Name} ({snapshot.Size} bytes) from {node.Client.DisplayUri} to {key}.");
        var (copied, archive, stored) = await _write.StorePartAsync(key, async (destination, token) =>
        {
            try
            {
                // Opened inside the part's write, so a store that refuses the upload never leaves the download open.
                var (content, length) = await node.Client.OpenSnapshotAsync(plan.Collection, snapshot.Name, token).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    var meter = new TransferMeter(progress, $"Backing up '{plan.Collection}'", $"{node.Client.DisplayUri} -> {key}", length ?? snapshot.Size);
                    // Qdrant's checksum is of the plaintext, so StreamCopier hashes before the encryptor; the encryptor measures what is stored.
                    using var encrypting = _encryptor?.Open(destination);
                    var (result, inspected) = await StreamCopier.CopyAsync(content, (Stream?)encrypting ?? destination, SnapshotArchiveInspector.InspectAsync, meter, token,
                        phases).ConfigureAwait(false);
                    VerifyDownload(node, snapshot, result);
                    return (result, inspected, encrypting is null ? null : await encrypting.CompleteAsync(token).ConfigureAwait(false));
                }
            }
            catch (Exception ex) when (ex is HttpIOException or HttpRequestException)
            {
                // The node's side of the stream, not the store's: HttpIOException is an IOException too.
                throw QdrantErrors.Unreachable(node.Client.DisplayUri, ex);
            }
        }, ct, phases).ConfigureAwait(false);

        problems.AddRange(archive.Problems.Select(p => $"{snapshot.Name} from {node.Client.DisplayUri}: {p}"));
        var part = new QdrantBackupPart
        {
            Key = key,
            Size = copied.Bytes,
            Sha256 = copied.Sha256,
            StoredSize = stored?.Bytes,
            StoredSha256 = stored?.Sha256,
            Encryption = _encryptor?.DescribePart(),
            NodeUri = node.Client.DisplayUri,
            PeerId = node.PeerId,
            SnapshotName = snapshot.Name,
            QdrantChecksum = snapshot.Checksum,
            Shards = DescribeShards(plan, node, archive),
        };
        return (part, archive);
    }

    private static void VerifyDownload(QdrantNodeView node, SnapshotDescription snapshot, CopyResult copied)
    {
        if (snapshot.Checksum is { } expected && !string.Equals(expected.Trim(), copied.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new DrException(ErrorIds.QdrantSnapshotChecksumMismatch, DrErrorCategory.InvalidData,
                $"The snapshot {snapshot.Name} from {node.Client.DisplayUri} hashed to {copied.Sha256}, but Qdrant reported {expected}. Nothing was kept.",
                "Run the backup again; if it repeats, check the node's disk and the network path (proxies that alter bodies).",
                snapshot.Name);
        }

        if (copied.Bytes != snapshot.Size)
        {
            throw new DrException(ErrorIds.QdrantSnapshotChecksumMismatch, DrErrorCategory.InvalidData,
                $"The snapshot {snapshot.Name} from {node.Client.DisplayUri} arrived with {copied.Bytes} bytes, but Qdrant listed {snapshot.Size}. Nothing was kept.",
                "Run the backup again; a proxy or the node may have cut the download.", snapshot.Name);
        }
    }

    private static QdrantPartShard[] DescribeShards(QdrantBackupPlan plan, QdrantNodeView node, ArchiveSummary archive) =>
        Enumerable.Range(0, (int)plan.Config.ShardNumber)
            .Select(shard => (Shard: shard, Local: node.LocalShards.FirstOrDefault(s => s.ShardId == shard)))
            .Where(x => x.Local is not null || archive.ShardsWithData.Contains(x.Shard))
            .Select(x => new QdrantPartShard
            {
                ShardId = x.Shard,
                PointCount = x.Local?.PointsCount ?? 0,
                State = x.Local?.State ?? "NotLocal",
                HasData = archive.ShardsWithData.Contains(x.Shard),
            })
            .ToArray();
}
