using System.Diagnostics;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Readiness;

/// <summary>
/// The region's Qdrant: every node answers (one probe each, so one silent node does not hide the others), and every
/// shard of every collection is Active on every replica (one check per collection).
/// </summary>
internal static class QdrantProbes
{
    public const string CollectionsCheck = "Qdrant collections";

    public static string NodeCheck(IQdrantNode node) => $"Qdrant node {node.DisplayUri}";

    public static IEnumerable<ReadinessProbe> Create(IQdrantCluster cluster)
    {
        foreach (var node in cluster.Nodes)
        {
            yield return new ReadinessProbe(NodeCheck(node), ReadinessCategory.Qdrant, "the node answers /cluster", async ct =>
            {
                var clock = Stopwatch.StartNew();
                var status = await node.GetClusterAsync(ct).ConfigureAwait(false);
                return ReadinessChecks.One(ReadinessChecks.Make(ReadinessCategory.Qdrant, NodeCheck(node), ReadinessStatus.Passed,
                    "the node answers /cluster", $"answered: cluster {status.Status}, peer {status.PeerId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, {status.Peers?.Count ?? 1} peer(s)",
                    clock.Elapsed));
            });
        }

        yield return new ReadinessProbe(CollectionsCheck, ReadinessCategory.Qdrant, "every shard of every collection Active on every replica", async ct =>
        {
            var clock = Stopwatch.StartNew();
            var collections = await cluster.Points.ListCollectionsAsync(ct).ConfigureAwait(false);
            if (collections.Count == 0)
            {
                return ReadinessChecks.One(ReadinessChecks.Make(ReadinessCategory.Qdrant, CollectionsCheck, ReadinessStatus.Warning,
                    "the application's collections", "no collections", clock.Elapsed,
                    "An empty cluster cannot serve queries: restore the collections (Restore-QdrantCluster -Latest) before switching to this region."));
            }

            var checks = await Task.WhenAll(collections.Order(StringComparer.Ordinal).Select(c => CollectionAsync(cluster, c, ct))).ConfigureAwait(false);
            return checks;
        });
    }

    private static async Task<ReadinessCheck> CollectionAsync(IQdrantCluster cluster, string collection, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(cluster.Nodes.Select(async node =>
        {
            try
            {
                return new QdrantShardRules.NodeAnswer(node.DisplayUri, await node.GetCollectionClusterAsync(collection, ct).ConfigureAwait(false), null);
            }
            catch (DrException ex)
            {
                return new QdrantShardRules.NodeAnswer(node.DisplayUri, null, ex.Message);
            }
        })).ConfigureAwait(false);
        var (status, observed) = QdrantShardRules.Evaluate(answers);
        return ReadinessChecks.Make(ReadinessCategory.Qdrant, $"Qdrant shards/{collection}", status, "every shard Active on every replica", observed, clock.Elapsed,
            "Look at GET /collections/<name>/cluster on each node; a Dead replica recovers when its node is back, else replicate the shard to a healthy peer.");
    }
}
