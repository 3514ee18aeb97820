namespace PubSec.Dr.Qdrant.Client;

/// <summary>A point as the engine sees it: id as text, canonical payload JSON, vectors by space name.</summary>
public sealed record QdrantPointRecord(string Id, string CanonicalPayload, IReadOnlyDictionary<string, float[]> Vectors);
