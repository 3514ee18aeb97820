namespace PubSec.Dr;

/// <summary>One way a collection differs from what was expected of it (a backup's manifest or another collection).</summary>
public sealed class QdrantDifference
{
    public string Collection { get; set; } = string.Empty;

    /// <summary>PointCount, MissingPoint, PayloadDiffers, VectorDiffers or GoldenQueryRecall.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The point concerned, or empty for whole-collection differences.</summary>
    public string PointId { get; set; } = string.Empty;

    public string Expected { get; set; } = string.Empty;

    public string Actual { get; set; } = string.Empty;
}
