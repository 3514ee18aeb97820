namespace PubSec.Dr.Qdrant.Compare;

/// <summary>
/// What a live collection is compared with: a backup's manifest (its count, sample and golden queries), or another
/// collection sampled now, on the same cluster or on the one at <see cref="GrpcUri"/>.
/// </summary>
public sealed record QdrantComparisonReference
{
    private QdrantComparisonReference()
    {
    }

    public QdrantBackup? Backup { get; private init; }

    public string? Collection { get; private init; }

    public Uri? GrpcUri { get; private init; }

    public int SampleSize { get; private init; }

    public int GoldenQueryCount { get; private init; }

    public static QdrantComparisonReference OfBackup(QdrantBackup backup) => new() { Backup = backup };

    /// <param name="grpcUri">The reference cluster's gRPC endpoint; null: the compared collection's cluster.</param>
    public static QdrantComparisonReference OfCollection(string collection, Uri? grpcUri, int sampleSize, int goldenQueryCount) =>
        new() { Collection = collection, GrpcUri = grpcUri, SampleSize = sampleSize, GoldenQueryCount = goldenQueryCount };
}
