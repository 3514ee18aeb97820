namespace PubSec.Dr.Lab.Cluster;

/// <summary>Qdrant's replica states; member names are the JSON spellings and match the gRPC enum names.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ReplicaState>))]
internal enum ReplicaState
{
    Active,
    Dead,
    Partial,
    Initializing,
    Listener,
    PartialSnapshot,
    Recovery,
    Resharding,
    ReshardingScaleDown,
    ActiveRead,
    ManualRecovery,
}
