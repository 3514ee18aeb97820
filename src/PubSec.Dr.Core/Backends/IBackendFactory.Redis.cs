using PubSec.Dr.Redis;

namespace PubSec.Dr.Backends;

/// <summary>The factory's Redis part: key-level connections and replication links (<see cref="IRedisConnector"/>).</summary>
public partial interface IBackendFactory : IRedisConnector
{
}
