namespace PubSec.Dr.Qdrant.Client;

/// <summary>One node as it answered before a backup: its peer id and the shards it says it hosts.</summary>
public sealed record QdrantNodeView(int Index, IQdrantNode Client, ulong PeerId, IReadOnlyList<LocalShardInfo> LocalShards);
