using PubSec.Dr.Errors;

namespace PubSec.Dr.Failover;

/// <summary>
/// What each failover step does to the regions, behind one seam: <see cref="RegionalFailoverEngine"/> decides the
/// order, the refusals, the journal and the verdict; this does the work (<see cref="FailoverActions"/> composes the
/// module's engines; xunit hands a fake). Each method writes what it did into the step's Details and what a resumed
/// run or a failback needs into its State. With <c>plan</c> true a method only reads and says what it would do.
/// </summary>
public interface IFailoverActions
{
    /// <summary>ConfirmTrigger: is the source region's application and Qdrant healthy? (true = healthy, no outage).</summary>
    Task<bool> SourceHealthyAsync(FailoverStep step, CancellationToken ct);

    /// <summary>
    /// TargetWorkloads: with <paramref name="rebuild"/>, applies a configuration backup to the target's empty namespace
    /// (State "configBackup"); scales back the Deployments an earlier failover fenced there (State "deployment/&lt;name&gt;");
    /// then waits until every Deployment and StatefulSet in the namespace is ready.
    /// </summary>
    Task TargetWorkloadsAsync(FailoverStep step, bool rebuild, bool plan, CancellationToken ct);

    /// <summary>TargetReadiness: RegionNotReady (naming the failed checks) when the target cannot take the load, else null.</summary>
    /// <param name="synced">A failback or switchover: the data comes from the live source, so the target's backups are not judged.</param>
    Task<DrException?> TargetReadinessAsync(FailoverStep step, bool synced, CancellationToken ct);

    /// <summary>FenceSource: false when the source could not be reached (not fenced); the step's Details say what to do then.</summary>
    Task<bool> FenceSourceAsync(FailoverStep step, bool plan, CancellationToken ct);

    /// <summary>RedisData: records the lag (State "lagSeconds") and promotes the target's replica.</summary>
    Task RedisDataAsync(FailoverStep step, bool plan, CancellationToken ct);

    /// <summary>QdrantData: restores the newest restorable backup where the target is older (State "backupAgeSeconds").</summary>
    Task QdrantDataAsync(FailoverStep step, bool plan, CancellationToken ct);

    /// <summary>SyncRedis: makes the target's Redis a replica of the healthy source's and waits until it has caught up.</summary>
    Task SyncRedisAsync(FailoverStep step, bool plan, CancellationToken ct);

    /// <summary>
    /// SyncQdrant (and QdrantData after a healthy source is fenced): each of the source's collections compared with the
    /// target; where they differ, a fresh backup of the source into the target region's store, restored and verified.
    /// </summary>
    Task SyncQdrantAsync(FailoverStep step, bool plan, CancellationToken ct);

    /// <summary>
    /// RedisData after a synced, fenced source: waits for its last writes, compares the two servers (State
    /// "differences"; any difference fails the step) and promotes the target.
    /// </summary>
    Task PromoteSyncedRedisAsync(FailoverStep step, bool plan, CancellationToken ct);

    /// <summary>Reprotect: the source becomes the standby: its Redis a replica of the target, write fence lifted, Deployments back to <paramref name="fence"/>'s replicas.</summary>
    Task ReprotectAsync(FailoverStep step, IReadOnlyDictionary<string, string> fence, bool plan, CancellationToken ct);

    /// <summary>DnsSwitch: the change batch that points the failover records at the target.</summary>
    Task DnsSwitchAsync(FailoverStep step, bool plan, CancellationToken ct);

    /// <summary>DnsPropagation: waits until every resolver answers the target's values.</summary>
    Task DnsPropagationAsync(FailoverStep step, CancellationToken ct);

    /// <summary>Verify: the public service answers every check, from the target region.</summary>
    Task VerifyAsync(FailoverStep step, CancellationToken ct);
}
