namespace PubSec.Dr.Qdrant.Client;

/// <summary>
/// One scroll request (reference §7.3, gRPC Points/Scroll): up to <c>limit</c> points in id order, starting at
/// <c>offsetId</c> inclusive (null: the start), with payload and every vector when <c>withContent</c> is set.
/// The seam that lets the sampler be tested without a cluster.
/// </summary>
public interface IPointScroller
{
    Task<IReadOnlyList<QdrantPointRecord>> ScrollFromAsync(string collection, string? offsetId, uint limit, bool withContent, CancellationToken ct);
}
