namespace PubSec.Dr;

/// <summary>What kind of move a failover run is, decided when the trigger is confirmed.</summary>
public enum FailoverKind
{
    /// <summary>The source is failing: promote the target's replica and restore the newest good backups (some data may be lost).</summary>
    Failover,

    /// <summary>The source is healthy and -Force was given: a planned move that syncs from the source first (no data lost).</summary>
    Switchover,

    /// <summary>The source is healthy because an earlier failover moved users to it: the returning target is synced from it first.</summary>
    Failback,
}
