using PubSec.Dr.Archive;
using PubSec.Dr.Catalog;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant;

/// <summary>
/// Backs up Qdrant collections across a whole cluster: a snapshot on every node (each holds only its own
/// shards), each streamed into the store while it is hashed and its tar structure read, then a manifest
/// written last. A backup is Succeeded only when every shard has data in at least one part.
/// </summary>
public sealed class QdrantBackupEngine : IDisposable
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);
    private readonly QdrantConnection _connection;
    private readonly IBackupStore _store;
    private readonly IOperationLog _log;
    private readonly QdrantGrpcGateway _grpc;
    private readonly QdrantRestClient[] _nodes;

    public QdrantBackupEngine(QdrantConnection connection, IBackupStore store, IOperationLog log)
    {
        _connection = connection;
        _store = store;
        _log = log;
        _grpc = new QdrantGrpcGateway(connection.GrpcUri, connection.ApiKey);
        _nodes = connection.Nodes.Select(uri => new QdrantRestClient(uri, connection.ApiKey)).ToArray();
    }

    public TimeSpan SnapshotTimeout { get; init; } = TimeSpan.FromHours(2);

    public bool KeepServerSnapshot { get; init; }

    /// <summary>Phase reports (snapshotting, storing part i of n, manifest), for a parent progress bar.</summary>
    public IProgress<StepProgress>? Steps { get; init; }

    /// <summary>The requested collections, or every collection of the cluster when none are named.</summary>
    public async Task<IReadOnlyList<string>> ResolveCollectionsAsync(IReadOnlyList<string>? requested, CancellationToken ct)
    {
        if (requested is { Count: > 0 })
        {
            // Names are validated per collection in PlanAsync, so one bad name fails only itself.
            return requested.Distinct(StringComparer.Ordinal).ToList();
        }

        var all = await _grpc.ListCollectionsAsync(ct).ConfigureAwait(false);
        return all.OrderBy(c => c, StringComparer.Ordinal).ToList();
    }

    /// <summary>Read-only look at the collection and every node; fails if two URIs reach the same peer.</summary>
    public async Task<QdrantBackupPlan> PlanAsync(string collection, CancellationToken ct)
    {
        CollectionName.Validate(collection);
        var (config, configProblem) = await TryGetConfigAsync(collection, ct).ConfigureAwait(false);
        var version = await _grpc.GetVersionAsync(ct).ConfigureAwait(false);
        var (count, countProblem) = await TryCountAsync(collection, ct).ConfigureAwait(false);

        var views = new List<QdrantNodeView>();
        for (var i = 0; i < _nodes.Length; i++)
        {
            var info = await _nodes[i].GetCollectionClusterAsync(collection, ct).ConfigureAwait(false);
            if (views.FirstOrDefault(v => v.PeerId == info.PeerId) is { } same)
            {
                throw new DrException(ErrorIds.QdrantNodeMismatch, DrErrorCategory.InvalidArgument,
                    $"{_nodes[i].DisplayUri} and {same.Client.DisplayUri} are the same Qdrant peer ({info.PeerId}).",
                    "Give each node's own address (e.g. the StatefulSet pod DNS names), not a load balancer or service address: snapshots are per node.",
                    _nodes[i].DisplayUri);
            }

            views.Add(new QdrantNodeView(i, _nodes[i], info.PeerId, info.LocalShards));
            config ??= new QdrantCollectionConfig { ShardNumber = (uint)info.ShardCount };
        }

        await WarnAboutUnlistedPeersAsync(views, ct).ConfigureAwait(false);
        return new QdrantBackupPlan(collection, config!, version, count, views)
        {
            CountProblem = countProblem,
            ConfigProblem = configProblem,
        };
    }

    // When a shard has no active replica Qdrant may refuse to describe the collection; the shard count then
    // comes from the nodes' cluster view and the rest of the config from the snapshots themselves.
    private async Task<(QdrantCollectionConfig? Config, string? Problem)> TryGetConfigAsync(string collection, CancellationToken ct)
    {
        try
        {
            return (await _grpc.GetConfigAsync(collection, ct).ConfigureAwait(false), null);
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantRequestFailed)
        {
            _log.Warning($"Qdrant cannot describe '{collection}' right now: {ex.Message}");
            return (null, $"Qdrant could not describe '{collection}' ({ex.Message}); its config was taken from the snapshots.");
        }
    }

    // A shard without an active replica makes Qdrant refuse an exact count. The backup still takes every
    // part it can get, and the missing count keeps it from being Succeeded.
    private async Task<(long? Count, string? Problem)> TryCountAsync(string collection, CancellationToken ct)
    {
        try
        {
            return (await _grpc.CountExactAsync(collection, ct).ConfigureAwait(false), null);
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantRequestFailed)
        {
            _log.Warning($"The exact point count of '{collection}' is not available: {ex.Message}");
            return (null, $"The exact point count of '{collection}' could not be read ({ex.Message}), so a restore cannot be checked against it.");
        }
    }

    public async Task<QdrantBackup> BackupAsync(QdrantBackupPlan plan, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var backup = new QdrantBackup
        {
            Id = BackupLayout.NewId(started),
            Collection = plan.Collection,
            StartedAt = started,
            QdrantVersion = plan.QdrantVersion,
            Nodes = plan.Nodes.Select(n => n.Client.DisplayUri).ToArray(),
            Config = plan.Config,
            PointCount = plan.PointCount,
        };
        var prefix = BackupLayout.QdrantPrefix(plan.Collection, backup.Id);

        var activity = $"Backing up '{plan.Collection}'";
        var totalSteps = plan.Nodes.Count + 2;
        Steps?.Report(new StepProgress(activity, $"Creating snapshots on {plan.Nodes.Count} node(s)", 0));
        _log.Verbose($"Creating snapshots of '{plan.Collection}' on {plan.Nodes.Count} node(s).");
        var snapshots = await CreateSnapshotsAsync(plan, ct).ConfigureAwait(false);
        var problems = new List<string>();
        var parts = new List<QdrantBackupPart>();
        var archives = new List<ArchiveSummary>();
        try
        {
            foreach (var node in plan.Nodes)
            {
                Steps?.Report(new StepProgress(activity, $"Storing part {node.Index + 1} of {plan.Nodes.Count} from {node.Client.DisplayUri}",
                    100 * (node.Index + 1) / totalSteps));
                var (part, archive) = await StorePartAsync(plan, node, snapshots[node.Index], prefix, progress, problems, ct).ConfigureAwait(false);
                parts.Add(part);
                archives.Add(archive);
            }

            backup.Parts = parts.ToArray();
        }
        catch
        {
            // Without a manifest these parts are invisible and would only eat space.
            await DeleteStoredPartsAsync(parts).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (!KeepServerSnapshot)
            {
                await DeleteServerSnapshotsAsync(plan, snapshots).ConfigureAwait(false);
            }
        }

        if (plan.ConfigProblem is not null)
        {
            backup.Config = archives.Select(a => a.Config).FirstOrDefault(c => c is not null) ?? plan.Config;
        }

        backup.MissingShards = Enumerable.Range(0, (int)plan.Config.ShardNumber)
            .Where(shard => !backup.Parts.Any(p => p.Shards.Any(s => s.ShardId == shard && s.HasData)))
            .ToArray();
        problems.AddRange(backup.MissingShards.Select(shard => DescribeMissingShard(plan, shard)));
        problems.AddRange(new[] { plan.ConfigProblem, plan.CountProblem }.OfType<string>());

        backup.Problems = problems.ToArray();
        backup.Status = problems.Count == 0 ? BackupStatus.Succeeded : BackupStatus.Incomplete;
        backup.CompletedAt = DateTime.UtcNow;

        // The manifest goes last: until it exists, the catalog does not list this backup.
        var manifestKey = BackupLayout.Manifest(prefix);
        Steps?.Report(new StepProgress(activity, "Writing the manifest", 100 * (totalSteps - 1) / totalSteps));
        try
        {
            await new BackupCatalog(_store).WriteManifestAsync(backup, manifestKey, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            await DeleteStoredPartsAsync(backup.Parts).ConfigureAwait(false);
            throw ex is OperationCanceledException ? ex : StoreWriteFailed(manifestKey, ex);
        }

        _log.Verbose($"Backup {backup.Id} of '{plan.Collection}' is {backup.Status}: {backup.Parts.Length} part(s), {backup.SizeBytes} bytes.");
        return backup;
    }

    public void Dispose()
    {
        _grpc.Dispose();
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private async Task<SnapshotDescription[]> CreateSnapshotsAsync(QdrantBackupPlan plan, CancellationToken ct)
    {
        // All nodes at once: the parts of one backup should be as close in time as the cluster allows.
        var tasks = plan.Nodes
            .Select(n => SnapshotPoller.CreateAsync(n.Client, plan.Collection, n.PeerId, SnapshotTimeout, ct))
            .ToArray();
        try
        {
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            var made = tasks.Select(t => t.IsCompletedSuccessfully ? t.Result : null).ToArray();
            if (!KeepServerSnapshot)
            {
                await DeleteServerSnapshotsAsync(plan, made).ConfigureAwait(false);
            }

            throw;
        }
    }

    private async Task<(QdrantBackupPart Part, ArchiveSummary Archive)> StorePartAsync(QdrantBackupPlan plan, QdrantNodeView node, SnapshotDescription snapshot,
        string prefix, IProgress<TransferProgress>? progress, List<string> problems, CancellationToken ct)
    {
        var key = BackupLayout.QdrantPart(prefix, node.Index, node.PeerId);
        _log.Verbose($"Streaming {snapshot.Name} ({snapshot.Size} bytes) from {node.Client.DisplayUri} to {key}.");
        var (content, length) = await node.Client.OpenSnapshotAsync(plan.Collection, snapshot.Name, ct).ConfigureAwait(false);
        CopyResult copied;
        try
        {
            await using (content.ConfigureAwait(false))
            {
                var upload = await _store.BeginUploadAsync(key, ct).ConfigureAwait(false);
                await using (upload.ConfigureAwait(false))
                {
                    var meter = new TransferMeter(progress, $"Backing up '{plan.Collection}'", $"{node.Client.DisplayUri} -> {key}", length ?? snapshot.Size);
                    copied = await StreamCopier.CopyAsync(content, upload.Content, inspectArchive: true, meter, ct).ConfigureAwait(false);
                    VerifyDownload(node, snapshot, copied);
                    await upload.CompleteAsync(ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is HttpIOException or HttpRequestException)
        {
            throw QdrantErrors.Unreachable(node.Client.DisplayUri, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw StoreWriteFailed(key, ex);
        }

        var archive = copied.Archive!;
        problems.AddRange(archive.Problems.Select(p => $"{snapshot.Name} from {node.Client.DisplayUri}: {p}"));
        var part = new QdrantBackupPart
        {
            Key = key,
            Size = copied.Bytes,
            Sha256 = copied.Sha256,
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

    private static string DescribeMissingShard(QdrantBackupPlan plan, int shard)
    {
        var reports = plan.Nodes
            .Select(n => (n, local: n.LocalShards.FirstOrDefault(s => s.ShardId == shard)))
            .Where(x => x.local is not null)
            .Select(x => $"peer {x.n.PeerId} reports it {x.local!.State}")
            .ToList();
        var seen = reports.Count == 0 ? "no node that was backed up hosts it" : string.Join("; ", reports);
        return $"Shard {shard} of '{plan.Collection}' has no data in any part ({seen}). Restore every node that hosts shard {shard}, or include the missing node's URI.";
    }

    private async Task WarnAboutUnlistedPeersAsync(List<QdrantNodeView> views, CancellationToken ct)
    {
        var cluster = await views[0].Client.GetClusterAsync(ct).ConfigureAwait(false);
        if (cluster.Peers is null)
        {
            return;
        }

        var missing = cluster.Peers.Keys.Where(id => !views.Any(v => v.PeerId.ToString(System.Globalization.CultureInfo.InvariantCulture) == id)).ToList();
        if (missing.Count > 0)
        {
            _log.Warning($"The cluster has {cluster.Peers.Count} peers but {views.Count} node URI(s) were given; peers {string.Join(", ", missing)} are not backed up. Shards only they hold will be reported missing.");
        }
    }

    private DrException StoreWriteFailed(string key, Exception inner) => new(
        ErrorIds.StoreWriteFailed, DrErrorCategory.WriteError,
        $"Writing {key} to {_store.Location} failed: {inner.Message}. Nothing of this backup was kept.",
        "Check free space, permissions and reachability of the backup store, then run the backup again.", key, inner);

    private async Task DeleteStoredPartsAsync(IEnumerable<QdrantBackupPart> parts)
    {
        using var cleanup = new CancellationTokenSource(CleanupTimeout);
        foreach (var part in parts)
        {
            try
            {
                await _store.DeleteAsync(part.Key, cleanup.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DrException or OperationCanceledException)
            {
                _log.Warning($"Could not delete the unfinished part {part.Key} from {_store.Location}: {ex.Message}. It is not listed; delete it by hand.");
            }
        }
    }

    private async Task DeleteServerSnapshotsAsync(QdrantBackupPlan plan, IReadOnlyList<SnapshotDescription?> snapshots)
    {
        // Cleanup must happen even when the backup was cancelled, so it gets its own short deadline.
        using var cleanup = new CancellationTokenSource(CleanupTimeout);
        for (var i = 0; i < snapshots.Count; i++)
        {
            if (snapshots[i] is not { } snapshot)
            {
                continue;
            }

            try
            {
                await plan.Nodes[i].Client.DeleteSnapshotAsync(plan.Collection, snapshot.Name, cleanup.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DrException or OperationCanceledException)
            {
                _log.Warning($"Could not delete the server snapshot {snapshot.Name} on {plan.Nodes[i].Client.DisplayUri}: {ex.Message}. Delete it by hand to free the node's disk.");
            }
        }
    }
}
