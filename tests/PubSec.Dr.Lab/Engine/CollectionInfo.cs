using PubSec.Dr.Lab.Cluster;

namespace PubSec.Dr.Lab.Engine;

/// <summary>GET /collections/{c} as the engine computes it; the REST and gRPC front ends only render it.</summary>
internal sealed record CollectionInfo(CollectionState Collection, ulong PointsCount, ulong SegmentsCount);

/// <summary>One local shard of GET /collections/{c}/cluster.</summary>
internal sealed record LocalShardInfo(int ShardId, ulong PointsCount, ReplicaState State);

/// <summary>One replica on another peer, as this node sees it.</summary>
internal sealed record RemoteShardInfo(int ShardId, ulong PeerId, ReplicaState State);

/// <summary>A running transfer with peer ids resolved.</summary>
internal sealed record ShardTransferInfo(int ShardId, ulong From, ulong To, bool Sync);

/// <summary>GET /collections/{c}/cluster from the point of view of the node asked.</summary>
internal sealed record CollectionClusterInfo(
    ulong PeerId,
    int ShardCount,
    IReadOnlyList<LocalShardInfo> LocalShards,
    IReadOnlyList<RemoteShardInfo> RemoteShards,
    IReadOnlyList<ShardTransferInfo> Transfers);
