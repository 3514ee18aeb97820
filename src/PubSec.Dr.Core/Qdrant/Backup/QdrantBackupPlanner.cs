using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Backup;

/// <summary>
/// Works out what a backup of one collection involves with read-only calls: the collection's config, the
/// server version, the exact count, and which shards each listed node hosts. Used for -WhatIf too.
/// </summary>
internal sealed class QdrantBackupPlanner
{
    private readonly IQdrantPoints _points;
    private readonly IReadOnlyList<IQdrantNode> _nodes;
    private readonly IOperationLog _log;

    public QdrantBackupPlanner(IQdrantPoints points, IReadOnlyList<IQdrantNode> nodes, IOperationLog log)
    {
        _points = points;
        _nodes = nodes;
        _log = log;
    }

    /// <summary>The requested collections, or every collection of the cluster when none are named.</summary>
    public async Task<IReadOnlyList<string>> ResolveCollectionsAsync(IReadOnlyList<string>? requested, CancellationToken ct)
    {
        if (requested is { Count: > 0 })
        {
            // Names are validated per collection in PlanAsync, so one bad name fails only itself.
            return requested.Distinct(StringComparer.Ordinal).ToList();
        }

        var all = await _points.ListCollectionsAsync(ct).ConfigureAwait(false);
        return all.OrderBy(c => c, StringComparer.Ordinal).ToList();
    }

    /// <summary>Read-only look at the collection and every node; fails if two URIs reach the same peer.</summary>
    public async Task<QdrantBackupPlan> PlanAsync(string collection, CancellationToken ct)
    {
        CollectionName.Validate(collection);
        // Independent read-only calls, all at once: on a fresh process each pays its connection and first-call
        // cost, and one after the other they were a fixed cost of every backup.
        var configTask = TryGetConfigAsync(collection, ct);
        var versionTask = _points.GetVersionAsync(ct);
        var countTask = TryCountAsync(collection, ct);
        var infoTasks = _nodes.Select(node => node.GetCollectionClusterAsync(collection, ct)).ToArray();
        await Task.WhenAll([configTask, versionTask, countTask, .. infoTasks]).ConfigureAwait(false);
        var (config, configProblem) = await configTask.ConfigureAwait(false);
        var version = await versionTask.ConfigureAwait(false);
        var (count, countProblem) = await countTask.ConfigureAwait(false);

        var views = new List<QdrantNodeView>();
        for (var i = 0; i < _nodes.Count; i++)
        {
            var info = await infoTasks[i].ConfigureAwait(false);
            if (views.FirstOrDefault(v => v.PeerId == info.PeerId) is { } same)
            {
                throw QdrantErrors.SamePeer(_nodes[i].DisplayUri, same.Client.DisplayUri, info.PeerId);
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
            return (await _points.GetConfigAsync(collection, ct).ConfigureAwait(false), null);
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
            return (await _points.CountExactAsync(collection, ct).ConfigureAwait(false), null);
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantRequestFailed)
        {
            _log.Warning($"The exact point count of '{collection}' is not available: {ex.Message}");
            return (null, $"The exact point count of '{collection}' could not be read ({ex.Message}), so a restore cannot be checked against it.");
        }
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
}
