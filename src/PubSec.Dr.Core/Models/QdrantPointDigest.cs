namespace PubSec.Dr;

/// <summary>
/// One sampled point as it was at backup time: its id and SHA-256 digests of its payload (canonical JSON,
/// keys sorted) and vectors (little-endian floats, spaces sorted by name). Lets a restore be checked
/// without access to the source cluster.
/// </summary>
public sealed class QdrantPointDigest
{
    public string Id { get; set; } = string.Empty;

    public string PayloadSha256 { get; set; } = string.Empty;

    public string VectorSha256 { get; set; } = string.Empty;
}
