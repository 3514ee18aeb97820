using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// The preflight of a restore that needs no data transfer: the backup is usable, the target has one node
/// per backup part, the Qdrant version can load the snapshots, and an existing collection has the same
/// vectors and shard_number (otherwise Qdrant would refuse the recovery half-way through the nodes).
/// </summary>
internal sealed class QdrantRestorePlanner
{
    private readonly IQdrantPoints _points;
    private readonly IReadOnlyList<IQdrantNode> _nodes;

    public QdrantRestorePlanner(IQdrantPoints points, IReadOnlyList<IQdrantNode> nodes)
    {
        _points = points;
        _nodes = nodes;
    }

    public async Task<QdrantRestorePlan> PlanAsync(QdrantBackup backup, string collection, CancellationToken ct)
    {
        CollectionName.Validate(collection);
        if (backup.Status != BackupStatus.Succeeded)
        {
            throw new DrException(ErrorIds.RestoreBackupNotUsable, DrErrorCategory.InvalidData,
                $"Backup {backup.Id} of '{backup.Collection}' is {backup.Status}: {string.Join(" ", backup.Problems)}",
                "Restore from a Succeeded backup: Get-DrBackup -Store <store> -Collection <name> -Latest.", backup.Id);
        }

        var parts = backup.Parts.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (parts.Count != _nodes.Count)
        {
            throw Incompatible(backup, $"the backup has {parts.Count} part(s), one per source node, but {_nodes.Count} target node URI(s) were given. "
                + "Each node must get the snapshot of one source node so that every shard comes back; give exactly one target node per part, or scale the target cluster to match.");
        }

        var version = await _points.GetVersionAsync(ct).ConfigureAwait(false);
        CheckVersion(backup, version);
        var peers = await ReadPeersAsync(ct).ConfigureAwait(false);
        var drift = new List<string>();
        long? live = null;
        if (await _points.CollectionExistsAsync(collection, ct).ConfigureAwait(false))
        {
            var config = await _points.GetConfigAsync(collection, ct).ConfigureAwait(false);
            CheckConfig(backup, config, drift);
            live = await _points.CountExactAsync(collection, ct).ConfigureAwait(false);
        }

        var mappings = parts.Select((part, i) => new PartMapping(part, _nodes[i], peers[i])).ToList();
        return new QdrantRestorePlan(backup, collection, version, mappings, live, drift);
    }

    private async Task<ulong[]> ReadPeersAsync(CancellationToken ct)
    {
        var peers = new ulong[_nodes.Count];
        for (var i = 0; i < _nodes.Count; i++)
        {
            var cluster = await _nodes[i].GetClusterAsync(ct).ConfigureAwait(false);
            peers[i] = cluster.PeerId ?? 0;
            var earlier = Array.IndexOf(peers, peers[i], 0, i);
            if (cluster.PeerId is not null && earlier >= 0)
            {
                throw QdrantErrors.SamePeer(_nodes[i].DisplayUri, _nodes[earlier].DisplayUri, peers[i]);
            }
        }

        return peers;
    }

    // Qdrant restores a snapshot on the same or the next minor version (reference §6.3).
    private static void CheckVersion(QdrantBackup backup, string targetVersion)
    {
        if (!TryMinor(backup.QdrantVersion, out var source) || !TryMinor(targetVersion, out var target))
        {
            return;
        }

        if (target.Major != source.Major || target.Minor < source.Minor || target.Minor > source.Minor + 1)
        {
            throw Incompatible(backup, $"the backup was taken on Qdrant {backup.QdrantVersion} and the target runs {targetVersion}; "
                + "Qdrant restores snapshots only on the same or the next minor version. Restore onto a matching version, then upgrade.");
        }
    }

    private static bool TryMinor(string version, out Version parsed) =>
        Version.TryParse(version.TrimStart('v').Split('-')[0], out parsed!);

    private static void CheckConfig(QdrantBackup backup, QdrantCollectionConfig live, List<string> drift)
    {
        string Vectors(QdrantCollectionConfig c) => string.Join(", ", c.Vectors.Select(v => $"{v.Name}:{v.Size}/{v.Distance}"));
        if (backup.Config.Vectors.Length > 0 && Vectors(backup.Config) != Vectors(live))
        {
            throw Incompatible(backup, $"the existing collection has vectors [{Vectors(live)}], the backup [{Vectors(backup.Config)}]. Qdrant refuses such a recovery; delete or rename the existing collection first.");
        }

        if (backup.Config.ShardNumber != live.ShardNumber)
        {
            throw Incompatible(backup, $"the existing collection has {live.ShardNumber} shard(s), the backup {backup.Config.ShardNumber}. Qdrant refuses such a recovery; delete the existing collection first.");
        }

        if (backup.Config.ReplicationFactor != live.ReplicationFactor)
        {
            drift.Add($"replication_factor is {live.ReplicationFactor} on the target, {backup.Config.ReplicationFactor} in the backup");
        }
    }

    private static DrException Incompatible(QdrantBackup backup, string why) => new(
        ErrorIds.RestoreTargetIncompatible, DrErrorCategory.InvalidArgument,
        $"Backup {backup.Id} cannot be restored onto this target: {why}", "See the message for the change to make; nothing was changed.", backup.Id);
}
