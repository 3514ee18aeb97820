using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// Waits until a restored collection has settled on every node: all local and remote replicas Active and no
/// shard transfers (reference §7.5). Qdrant's "ok" on the upload only means this node's part is in; the
/// other replicas are re-synced afterwards, and counting before that gives wrong numbers.
/// </summary>
internal static class ClusterConvergence
{
    public static async Task<string> WaitAsync(IReadOnlyList<IQdrantNode> nodes, string collection, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(200);
        string state;
        while (true)
        {
            var unsettled = new List<string>();
            foreach (var node in nodes)
            {
                var info = await node.GetCollectionClusterAsync(collection, ct).ConfigureAwait(false);
                unsettled.AddRange(info.LocalShards.Where(s => s.State != "Active").Select(s => $"{node.DisplayUri} shard {s.ShardId} {s.State}"));
                unsettled.AddRange(info.RemoteShards.Where(s => s.State != "Active").Select(s => $"{node.DisplayUri} sees peer {s.PeerId} shard {s.ShardId} {s.State}"));
                unsettled.AddRange((info.ShardTransfers ?? []).Select(t => $"{node.DisplayUri} transfer of shard {t.ShardId} {t.From}->{t.To}"));
            }

            state = string.Join("; ", unsettled.Distinct());
            if (unsettled.Count == 0)
            {
                return $"All replicas Active and no transfers on {nodes.Count} node(s).";
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DrException(ErrorIds.RestoreNotConverged, DrErrorCategory.OperationTimeout,
                    $"'{collection}' did not settle within {timeout}: {state}.",
                    "Check the nodes' logs for failed shard transfers; run the restore again (it is safe to repeat), or raise -ConvergeTimeout for very large collections.",
                    collection);
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 1.5));
        }
    }
}
