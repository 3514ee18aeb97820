namespace PubSec.Dr;

/// <summary>
/// How far a Redis replica is behind its primary, from both servers' INFO replication (or the primary's alone
/// when the replica does not answer). LagSeconds and RpoSeconds are what a runbook compares with its RPO.
/// </summary>
public sealed class RedisReplicationStatus
{
    /// <summary>host:port of the primary as given.</summary>
    public string Primary { get; set; } = string.Empty;

    /// <summary>host:port of the replica as given.</summary>
    public string Replica { get; set; } = string.Empty;

    /// <summary>The replica's master_link_status (up or down), or "unknown" when the replica did not answer.</summary>
    public string LinkStatus { get; set; } = string.Empty;

    /// <summary>The primary's master_repl_offset: bytes of replication stream it has produced.</summary>
    public long? PrimaryOffset { get; set; }

    /// <summary>The replica's slave_repl_offset, or the offset the primary last saw it acknowledge when it did not answer.</summary>
    public long? ReplicaOffset { get; set; }

    /// <summary>PrimaryOffset - ReplicaOffset: replication stream the replica has not applied (0 = caught up).</summary>
    public long? LagBytes { get; set; }

    /// <summary>
    /// How old the replica's data is, at most: 0 when it has every byte; otherwise the seconds since it last
    /// acknowledged the primary or heard from it (whichever is longer), since nothing newer can have reached it.
    /// </summary>
    public long? LagSeconds { get; set; }

    /// <summary>Seconds since the replica last heard from its primary (its master_last_io_seconds_ago), or, when it did not answer, since the primary last had its ACK.</summary>
    public long? SecondsSinceLastContact { get; set; }

    /// <summary>
    /// The recovery point if the primary were lost now and the replica promoted: writes of the last RpoSeconds
    /// may be missing. LagSeconds plus one when bytes are missing (INFO counts whole seconds, rounded down),
    /// 0 when caught up, null when unknown.
    /// </summary>
    public long? RpoSeconds { get; set; }

    /// <summary>True when the primary lists this replica among its connected replicas.</summary>
    public bool ListedByPrimary { get; set; }

    /// <summary>True when the replica answered INFO within the timeout.</summary>
    public bool ReplicaAnswered { get; set; }

    public RedisReplicationVerdict Verdict { get; set; }

    /// <summary>Why the verdict is Unhealthy (empty when Healthy).</summary>
    public string[] Reasons { get; set; } = [];

    public DateTime CheckedAt { get; set; }
}
