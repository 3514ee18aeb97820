using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Compare;

/// <summary>
/// Records, at backup time, what a restore can later be checked against without the source cluster: a
/// deterministic sample of points spread over the whole id space (<see cref="SpreadSample"/>; Qdrant spreads
/// ids over shards by hash, so the sample spans every shard too) and a few golden searches, from sampled points
/// spread over the sample, with their top-k result ids.
/// </summary>
public sealed class QdrantSampler
{
    public const int DefaultSampleSize = 100;
    public const int DefaultGoldenQueryCount = 5;
    public const int GoldenQueryTopK = 10;

    private readonly IQdrantPoints _points;
    private readonly IOperationLog _log;

    public QdrantSampler(IQdrantPoints points, IOperationLog log)
    {
        _points = points;
        _log = log;
    }

    /// <param name="pointCount">The collection's exact count, when known: a collection no larger than the sample is read whole.</param>
    public async Task<(QdrantPointDigest[] Sample, QdrantGoldenQuery[] GoldenQueries)> TakeAsync(string collection, int sampleSize,
        int goldenQueryCount, long? pointCount, CancellationToken ct)
    {
        if (sampleSize <= 0)
        {
            return ([], []);
        }

        try
        {
            var spread = new SpreadSample(_points, collection);
            var points = await spread.TakeAsync(sampleSize, pointCount, ct).ConfigureAwait(false);
            _log.Verbose($"Sampled {points.Count} point(s) of '{collection}' in {spread.Windows} window(s) after {spread.Probes} one-point probe(s) of the id range.");
            // The searches are independent: sent at once, answered in one round trip.
            var golden = await Task.WhenAll(Spaced(points.Where(p => p.Vectors.Count > 0).ToList(), goldenQueryCount).Select(async point =>
            {
                var (name, vector) = point.Vectors.OrderBy(v => v.Key, StringComparer.Ordinal).First();
                var ids = await _points.SearchIdsAsync(collection, name, vector, GoldenQueryTopK, ct).ConfigureAwait(false);
                return new QdrantGoldenQuery { VectorName = name, Vector = vector, Limit = GoldenQueryTopK, ResultIds = ids.ToArray() };
            })).ConfigureAwait(false);

            return (points.Select(PointDigests.Of).ToArray(), golden);
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantRequestFailed)
        {
            // A degraded cluster may refuse reads; the backup itself is still worth taking.
            _log.Warning($"No verification sample of '{collection}' could be taken: {ex.Message}");
            return ([], []);
        }
    }

    // count items at even intervals, from the first one on.
    private static IEnumerable<T> Spaced<T>(IReadOnlyList<T> items, int count) =>
        Enumerable.Range(0, Math.Min(count, items.Count)).Select(i => items[(int)((long)i * items.Count / Math.Min(count, items.Count))]);
}
