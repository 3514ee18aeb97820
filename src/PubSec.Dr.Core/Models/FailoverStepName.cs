namespace PubSec.Dr;

/// <summary>
/// The steps of a regional failover, in the order they run (plan 2.1; RedisData and QdrantData run together). A
/// journal holds only the steps its run needs: TargetWorkloads with a rebuild (plan 2.3 steps 3–4) or a failback,
/// SyncRedis, SyncQdrant and Reprotect when the source is healthy (a failback or a planned switchover).
/// </summary>
public enum FailoverStepName
{
    ConfirmTrigger,
    TargetWorkloads,
    TargetReadiness,
    SyncRedis,
    SyncQdrant,
    FenceSource,
    RedisData,
    QdrantData,
    DnsSwitch,
    DnsPropagation,
    Verify,
    Reprotect,
    Notice,
}
