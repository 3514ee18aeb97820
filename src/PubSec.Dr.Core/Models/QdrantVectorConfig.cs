namespace PubSec.Dr;

/// <summary>One vector space of a collection; Name is empty for the single unnamed vector.</summary>
public sealed class QdrantVectorConfig
{
    public string Name { get; set; } = string.Empty;

    public ulong Size { get; set; }

    public string Distance { get; set; } = string.Empty;
}
