using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
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
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        string state;
        while (true)
        {
            // All nodes at once: one look costs one round trip, not one per node.
            var infos = await Task.WhenAll(nodes.Select(async node => (node, info: await node.GetCollectionClusterAsync(collection, ct).ConfigureAwait(false))))
                .ConfigureAwait(false);
            var unsettled = new List<string>();
            foreach (var (node, info) in infos)
            {
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

            // A restore waits for this after every node's turn, so a late look costs every turn again.
            await Task.Delay(PollDelay.After(waiting.Elapsed), ct).ConfigureAwait(false);
        }
    }
}
