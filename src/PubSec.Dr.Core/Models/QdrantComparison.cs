namespace PubSec.Dr;

/// <summary>The outcome of comparing a collection with expectations: the figures and every difference.</summary>
public sealed class QdrantComparison
{
    public string Collection { get; set; } = string.Empty;

    /// <summary>Where the expectations came from: "backup &lt;id&gt;" or "collection &lt;name&gt;".</summary>
    public string Reference { get; set; } = string.Empty;

    public long? ExpectedPointCount { get; set; }

    public long ActualPointCount { get; set; }

    public int SampleChecked { get; set; }

    public int SampleMatched { get; set; }

    public int GoldenQueries { get; set; }

    /// <summary>Mean recall@k of the golden queries (1.0 = every expected id came back); null when there were none.</summary>
    public double? MeanRecall { get; set; }

    public List<QdrantDifference> Differences { get; set; } = new();

    public bool Equivalent => Differences.Count == 0;
}
