using System.Globalization;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Compare;

/// <summary>
/// The plan's "compare record counts" and "sample queries" steps (dr-plan 2.2 step 4, 6.3): exact count,
/// every sampled point present with the same payload and vectors, and golden searches returning the same
/// ids. Reads only; works against any cluster reachable over gRPC.
/// </summary>
public sealed class QdrantCollectionComparer
{
    private readonly IQdrantPoints _points;

    public QdrantCollectionComparer(IQdrantPoints points) => _points = points;

    /// <summary>Expectations taken live from a reference collection, the way a backup records them.</summary>
    public async Task<QdrantExpectations> ExpectationsFromCollectionAsync(string collection, int sampleSize, int goldenQueryCount,
        Operations.IOperationLog log, CancellationToken ct)
    {
        var count = await _points.CountExactAsync(collection, ct).ConfigureAwait(false);
        var (sample, golden) = await new QdrantSampler(_points, log).TakeAsync(collection, sampleSize, goldenQueryCount, count, ct).ConfigureAwait(false);
        return new QdrantExpectations($"collection {collection}", count, sample, golden);
    }

    public async Task<QdrantComparison> CompareAsync(string collection, QdrantExpectations expected, double minimumRecall, CancellationToken ct)
    {
        CollectionName.Validate(collection);
        var result = new QdrantComparison
        {
            Collection = collection,
            Reference = expected.Reference,
            ExpectedPointCount = expected.PointCount,
            ActualPointCount = await _points.CountExactAsync(collection, ct).ConfigureAwait(false),
            SampleChecked = expected.Sample.Count,
            GoldenQueries = expected.GoldenQueries.Count,
        };

        if (expected.PointCount is { } count && count != result.ActualPointCount)
        {
            result.Differences.Add(Difference(collection, "PointCount", string.Empty, Text(count), Text(result.ActualPointCount)));
        }

        await CompareSampleAsync(collection, expected.Sample, result, ct).ConfigureAwait(false);
        await CompareGoldenQueriesAsync(collection, expected.GoldenQueries, minimumRecall, result, ct).ConfigureAwait(false);
        return result;
    }

    private async Task CompareSampleAsync(string collection, IReadOnlyList<QdrantPointDigest> sample, QdrantComparison result, CancellationToken ct)
    {
        const int batch = 256;
        for (var offset = 0; offset < sample.Count; offset += batch)
        {
            var wanted = sample.Skip(offset).Take(batch).ToList();
            var found = (await _points.RetrieveAsync(collection, wanted.Select(p => p.Id).ToList(), ct).ConfigureAwait(false))
                .ToDictionary(p => p.Id, PointDigests.Of, StringComparer.Ordinal);
            foreach (var point in wanted)
            {
                if (!found.TryGetValue(point.Id, out var actual))
                {
                    result.Differences.Add(Difference(collection, "MissingPoint", point.Id, "present", "absent"));
                    continue;
                }

                var same = true;
                if (actual.PayloadSha256 != point.PayloadSha256)
                {
                    result.Differences.Add(Difference(collection, "PayloadDiffers", point.Id, point.PayloadSha256, actual.PayloadSha256));
                    same = false;
                }

                if (actual.VectorSha256 != point.VectorSha256)
                {
                    result.Differences.Add(Difference(collection, "VectorDiffers", point.Id, point.VectorSha256, actual.VectorSha256));
                    same = false;
                }

                result.SampleMatched += same ? 1 : 0;
            }
        }
    }

    private async Task CompareGoldenQueriesAsync(string collection, IReadOnlyList<QdrantGoldenQuery> queries, double minimumRecall,
        QdrantComparison result, CancellationToken ct)
    {
        var recalls = new List<double>();
        for (var i = 0; i < queries.Count; i++)
        {
            var query = queries[i];
            var ids = await _points.SearchIdsAsync(collection, query.VectorName, query.Vector, (ulong)Math.Max(1, query.Limit), ct).ConfigureAwait(false);
            var recall = query.ResultIds.Length == 0 ? 1.0 : query.ResultIds.Intersect(ids, StringComparer.Ordinal).Count() / (double)query.ResultIds.Length;
            recalls.Add(recall);
            if (recall < minimumRecall)
            {
                result.Differences.Add(Difference(collection, "GoldenQueryRecall", string.Empty,
                    $"query {i}: recall@{query.Limit} >= {Text(minimumRecall)} ({string.Join(",", query.ResultIds)})",
                    $"recall@{query.Limit} = {Text(recall)} ({string.Join(",", ids)})"));
            }
        }

        result.MeanRecall = recalls.Count == 0 ? null : recalls.Average();
    }

    private static QdrantDifference Difference(string collection, string kind, string pointId, string expected, string actual) =>
        new() { Collection = collection, Kind = kind, PointId = pointId, Expected = expected, Actual = actual };

    private static string Text(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
