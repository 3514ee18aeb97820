namespace PubSec.Dr;

/// <summary>
/// A search recorded at backup time: a query vector and the ids Qdrant returned for it, best first.
/// After a restore the same search should return the same ids (recall@k against this list).
/// </summary>
public sealed class QdrantGoldenQuery
{
    /// <summary>The vector space searched; empty for the single unnamed vector.</summary>
    public string VectorName { get; set; } = string.Empty;

    public float[] Vector { get; set; } = [];

    public int Limit { get; set; }

    public string[] ResultIds { get; set; } = [];
}
