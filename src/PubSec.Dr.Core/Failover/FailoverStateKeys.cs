namespace PubSec.Dr.Failover;

/// <summary>The names of the step State entries that the verdict, the notice and a failback read.</summary>
public static class FailoverStateKeys
{
    /// <summary>RedisData: the replica's lag at promotion, in seconds (its data-loss window).</summary>
    public const string RedisLagSeconds = "lagSeconds";

    /// <summary>RedisData: how the target's Redis got its data ("promoted" or "already primary").</summary>
    public const string RedisAction = "action";

    /// <summary>QdrantData: the age of the oldest backup restored, in seconds (0 when nothing had to be restored).</summary>
    public const string QdrantBackupAgeSeconds = "backupAgeSeconds";

    /// <summary>QdrantData: the ids of the backups restored, comma-separated.</summary>
    public const string QdrantBackups = "backups";

    /// <summary>FenceSource: "true" or "false".</summary>
    public const string Fenced = "fenced";

    /// <summary>FenceSource: the source Redis' min-replicas-to-write before fencing.</summary>
    public const string RedisMinReplicasBefore = "redisMinReplicasToWriteBefore";

    /// <summary>FenceSource: prefix of one entry per Deployment scaled to 0, holding its replicas before.</summary>
    public const string DeploymentPrefix = "deployment/";

    /// <summary>RedisData of a synced run: the differences Compare-RedisData found between the two servers before the switch.</summary>
    public const string RedisDifferences = "differences";

    /// <summary>RedisData and QdrantData: the data-loss basis in words, when it is not the default one.</summary>
    public const string DataLossBasis = "dataLossBasis";

    /// <summary>TargetWorkloads: the configuration backup applied to the rebuilt namespace.</summary>
    public const string ConfigBackup = "configBackup";

    /// <summary>FenceSource: what an operator must do when the source comes back unfenced.</summary>
    public const string OperatorAction = "operatorAction";
}
