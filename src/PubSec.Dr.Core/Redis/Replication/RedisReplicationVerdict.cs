namespace PubSec.Dr;

/// <summary>Whether a replica can be counted on as a copy of its primary's data right now.</summary>
public enum RedisReplicationVerdict
{
    Healthy,
    Unhealthy,
}
