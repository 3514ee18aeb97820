using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Compare;

/// <summary>
/// Compare-QdrantCollection as one operation: a live collection against a backup's manifest or against another
/// collection (same cluster or another), through connections the backend factory makes.
/// </summary>
public sealed class QdrantComparisonEngine(IQdrantConnector backends, QdrantConnection target, IOperationLog log)
{
    public async Task<QdrantComparison> CompareAsync(string collection, QdrantComparisonReference reference, double minimumRecall, CancellationToken ct)
    {
        using var points = backends.QdrantPoints(target);
        var expectations = reference.Backup is { } backup
            ? QdrantExpectations.From(backup)
            : await SampleReferenceAsync(points, reference, ct).ConfigureAwait(false);
        var comparison = await new QdrantCollectionComparer(points).CompareAsync(collection, expectations, minimumRecall, ct).ConfigureAwait(false);
        log.Verbose($"'{collection}' against {comparison.Reference}: {comparison.Differences.Count} difference(s), "
            + $"sample {comparison.SampleMatched}/{comparison.SampleChecked}, mean recall {comparison.MeanRecall?.ToString("0.###") ?? "n/a"}.");
        return comparison;
    }

    private async Task<QdrantExpectations> SampleReferenceAsync(IQdrantPoints targetPoints, QdrantComparisonReference reference, CancellationToken ct)
    {
        if (reference.GrpcUri is null || reference.GrpcUri == target.GrpcUri)
        {
            return await ExpectationsAsync(targetPoints, reference, ct).ConfigureAwait(false);
        }

        // Another cluster, reached with the same key and deadlines; its URI is named as -ReferenceGrpcUri in errors.
        var elsewhere = new QdrantConnection([reference.GrpcUri], reference.GrpcUri, target.ApiKey, target.Deadlines, "-ReferenceGrpcUri", "-ReferenceGrpcUri");
        using var points = backends.QdrantPoints(elsewhere);
        return await ExpectationsAsync(points, reference, ct).ConfigureAwait(false);
    }

    private Task<QdrantExpectations> ExpectationsAsync(IQdrantPoints points, QdrantComparisonReference reference, CancellationToken ct) =>
        new QdrantCollectionComparer(points).ExpectationsFromCollectionAsync(reference.Collection!, reference.SampleSize, reference.GoldenQueryCount, log, ct);
}
