namespace PubSec.Dr;

/// <summary>The steps of a regional failover, in the order they run (plan 2.1; RedisData and QdrantData run together).</summary>
public enum FailoverStepName
{
    ConfirmTrigger,
    TargetReadiness,
    FenceSource,
    RedisData,
    QdrantData,
    DnsSwitch,
    DnsPropagation,
    Verify,
    Notice,
}
