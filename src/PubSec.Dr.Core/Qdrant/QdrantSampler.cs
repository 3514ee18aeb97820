using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Qdrant;

/// <summary>
/// Records, at backup time, what a restore can later be checked against without the source cluster: a
/// deterministic sample of points (the first N in id order; Qdrant spreads ids over shards by hash, so
/// the sample spans every shard) and a few golden searches with their top-k result ids.
/// </summary>
public sealed class QdrantSampler
{
    public const int DefaultSampleSize = 100;
    public const int DefaultGoldenQueryCount = 5;
    public const int GoldenQueryTopK = 10;

    private readonly QdrantGrpcGateway _grpc;
    private readonly IOperationLog _log;

    public QdrantSampler(QdrantGrpcGateway grpc, IOperationLog log)
    {
        _grpc = grpc;
        _log = log;
    }

    public async Task<(QdrantPointDigest[] Sample, QdrantGoldenQuery[] GoldenQueries)> TakeAsync(string collection, int sampleSize,
        int goldenQueryCount, CancellationToken ct)
    {
        if (sampleSize <= 0)
        {
            return ([], []);
        }

        try
        {
            var points = await _grpc.ScrollFirstAsync(collection, (uint)sampleSize, ct).ConfigureAwait(false);
            var golden = new List<QdrantGoldenQuery>();
            foreach (var point in points.Where(p => p.Vectors.Count > 0).Take(goldenQueryCount))
            {
                var (name, vector) = point.Vectors.OrderBy(v => v.Key, StringComparer.Ordinal).First();
                var ids = await _grpc.SearchIdsAsync(collection, name, vector, GoldenQueryTopK, ct).ConfigureAwait(false);
                golden.Add(new QdrantGoldenQuery { VectorName = name, Vector = vector, Limit = GoldenQueryTopK, ResultIds = ids.ToArray() });
            }

            return (points.Select(PointDigests.Of).ToArray(), golden.ToArray());
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantRequestFailed)
        {
            // A degraded cluster may refuse reads; the backup itself is still worth taking.
            _log.Warning($"No verification sample of '{collection}' could be taken: {ex.Message}");
            return ([], []);
        }
    }
}
