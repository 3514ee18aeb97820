namespace PubSec.Dr.Transfer;

/// <summary>What one streamed pass over an object measured: its length and SHA-256.</summary>
public sealed record CopyResult(long Bytes, string Sha256);
