using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Snapshots;
using Proto = Qdrant.Client.Grpc;

namespace PubSec.Dr.Lab.Grpc;

/// <summary>Collection configs, infos, cluster views and snapshot descriptions between the engine and protobuf.</summary>
internal static class GrpcCollectionConversions
{
    public static CollectionConfig ToConfig(Proto.CreateCollection request)
    {
        var vectors = request.VectorsConfig?.ConfigCase switch
        {
            Proto.VectorsConfig.ConfigOneofCase.Params => VectorsConfig.Single(ToParams(request.VectorsConfig.Params)),
            Proto.VectorsConfig.ConfigOneofCase.ParamsMap =>
                VectorsConfig.Named(request.VectorsConfig.ParamsMap.Map.ToDictionary(p => p.Key, p => ToParams(p.Value))),
            _ => VectorsConfig.Named(new Dictionary<string, VectorParams>()),
        };
        return new CollectionConfig
        {
            Vectors = vectors,
            ShardNumber = Positive(request.HasShardNumber, request.ShardNumber, "shard_number"),
            ReplicationFactor = Positive(request.HasReplicationFactor, request.ReplicationFactor, "replication_factor"),
            WriteConsistencyFactor = Positive(request.HasWriteConsistencyFactor, request.WriteConsistencyFactor, "write_consistency_factor"),
#pragma warning disable CS0612 // deprecated in the 1.20 protos, still sent by older clients
            OnDiskPayload = !request.HasOnDiskPayload || request.OnDiskPayload,
#pragma warning restore CS0612
        };
    }

    public static Proto.CollectionInfo ToGrpc(CollectionInfo info, DateTime createdAt)
    {
        var config = info.Collection.Config;
        return new Proto.CollectionInfo
        {
            Status = Proto.CollectionStatus.Green,
            OptimizerStatus = new Proto.OptimizerStatus { Ok = true },
            SegmentsCount = info.SegmentsCount,
            PointsCount = info.PointsCount,
            IndexedVectorsCount = 0,
            CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc)),
            Config = new Proto.CollectionConfig
            {
                Params = new Proto.CollectionParams
                {
                    ShardNumber = config.ShardNumber,
                    ReplicationFactor = config.ReplicationFactor,
                    WriteConsistencyFactor = config.WriteConsistencyFactor,
#pragma warning disable CS0612 // deprecated in the 1.20 protos, still read by older clients
                    OnDiskPayload = config.OnDiskPayload,
#pragma warning restore CS0612
                    VectorsConfig = ToGrpc(config.Vectors),
                },
                HnswConfig = new Proto.HnswConfigDiff
                {
                    M = Number(config.HnswConfig, "m"),
                    EfConstruct = Number(config.HnswConfig, "ef_construct"),
                    FullScanThreshold = Number(config.HnswConfig, "full_scan_threshold"),
                    MaxIndexingThreads = Number(config.HnswConfig, "max_indexing_threads"),
                },
                OptimizerConfig = new Proto.OptimizersConfigDiff
                {
                    DeletedThreshold = config.OptimizerConfig["deleted_threshold"] is JsonValue d && d.TryGetValue<double>(out var threshold) ? threshold : 0.2,
                    VacuumMinVectorNumber = Number(config.OptimizerConfig, "vacuum_min_vector_number"),
                    DefaultSegmentNumber = Number(config.OptimizerConfig, "default_segment_number"),
                    IndexingThreshold = Number(config.OptimizerConfig, "indexing_threshold"),
                    FlushIntervalSec = Number(config.OptimizerConfig, "flush_interval_sec"),
                },
                WalConfig = new Proto.WalConfigDiff
                {
                    WalCapacityMb = Number(config.WalConfig, "wal_capacity_mb"),
                    WalSegmentsAhead = Number(config.WalConfig, "wal_segments_ahead"),
                },
            },
        };
    }

    public static Proto.CollectionClusterInfoResponse ToGrpc(CollectionClusterInfo info) => new()
    {
        PeerId = info.PeerId,
        ShardCount = (ulong)info.ShardCount,
        LocalShards =
        {
            info.LocalShards.Select(s => new Proto.LocalShardInfo { ShardId = (uint)s.ShardId, PointsCount = s.PointsCount, State = ToGrpc(s.State) }),
        },
        RemoteShards =
        {
            info.RemoteShards.Select(s => new Proto.RemoteShardInfo { ShardId = (uint)s.ShardId, PeerId = s.PeerId, State = ToGrpc(s.State) }),
        },
        ShardTransfers =
        {
            info.Transfers.Select(t => new Proto.ShardTransferInfo { ShardId = (uint)t.ShardId, From = t.From, To = t.To, Sync = t.Sync }),
        },
    };

    public static Proto.SnapshotDescription ToGrpc(SnapshotDescription snapshot)
    {
        var description = new Proto.SnapshotDescription { Name = snapshot.Name, Size = snapshot.Size };
        if (snapshot.CreationTime is { } created)
        {
            description.CreationTime = Timestamp.FromDateTime(DateTime.SpecifyKind(created, DateTimeKind.Utc));
        }

        if (snapshot.Checksum is { } checksum)
        {
            description.Checksum = checksum;
        }

        return description;
    }

    private static Proto.ReplicaState ToGrpc(Cluster.ReplicaState state) => System.Enum.Parse<Proto.ReplicaState>(state.ToString());

    private static Proto.VectorsConfig ToGrpc(VectorsConfig vectors)
    {
        if (!vectors.IsNamed)
        {
            return new Proto.VectorsConfig { Params = ToGrpc(vectors.Spaces[VectorsConfig.DefaultName]) };
        }

        var map = new Proto.VectorParamsMap();
        foreach (var (name, parameters) in vectors.Spaces)
        {
            map.Map[name] = ToGrpc(parameters);
        }

        return new Proto.VectorsConfig { ParamsMap = map };
    }

    private static Proto.VectorParams ToGrpc(VectorParams parameters)
    {
        var result = new Proto.VectorParams { Size = parameters.Size, Distance = System.Enum.Parse<Proto.Distance>(parameters.Distance.ToString()) };
#pragma warning disable CS0612 // VectorParams.on_disk is deprecated in the 1.20 protos; the lab still round-trips it
        if (parameters.OnDisk is { } onDisk)
        {
            result.OnDisk = onDisk;
        }
#pragma warning restore CS0612

        return result;
    }

    private static VectorParams ToParams(Proto.VectorParams parameters)
    {
        if (parameters.Size is 0 or > VectorParams.MaxSize)
        {
            throw QdrantException.Validation("request", "vectors_config.size", $"value {parameters.Size} invalid, must be from 1 to {VectorParams.MaxSize}");
        }

        if (!System.Enum.TryParse<Distance>(parameters.Distance.ToString(), out var distance))
        {
            throw QdrantException.BadRequest($"Unknown distance: {parameters.Distance}");
        }

#pragma warning disable CS0612 // see ToGrpc(VectorParams)
        return new VectorParams(parameters.Size, distance, parameters.HasOnDisk ? parameters.OnDisk : null);
#pragma warning restore CS0612
    }

    private static uint Positive(bool present, uint value, string field) => !present
        ? 1
        : value > 0 ? value : throw QdrantException.Validation("request", field, "value 0 invalid, must be 1 or more");

    private static ulong Number(JsonObject section, string key) =>
        section[key] is JsonValue value && value.TryGetValue<ulong>(out var number) ? number : 0;
}
