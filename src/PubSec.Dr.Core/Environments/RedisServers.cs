using System.Net;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;

namespace PubSec.Dr.Environments;

/// <summary>
/// Whether two Redis endpoints of an environment file name the same server, and whether an endpoint is one a drill
/// may flush: the guard between a drill's scratch Redis and production data, used by the parser and by the drill's
/// remover (which reads its endpoint from a ledger anyone with write access to the store could edit).
/// </summary>
public static class RedisServers
{
    /// <summary>
    /// Same port and same host, where every loopback spelling (localhost, 127.x, ::1) is one host: "localhost:6379"
    /// and "127.0.0.1:6379" are the same server. Names are not resolved (a file is parsed offline); unparsable: false.
    /// </summary>
    public static bool Same(string left, string right)
    {
        if (Parse(left) is not { } a || Parse(right) is not { } b || a.Port != b.Port)
        {
            return false;
        }

        return string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) || (Loopback(a.Host) && Loopback(b.Host))
            || (IPAddress.TryParse(a.Host, out var x) && IPAddress.TryParse(b.Host, out var y) && x.Equals(y));
    }

    /// <summary>The region whose production Redis <paramref name="endpoint"/> is, or null.</summary>
    public static DrRegion? ProductionOwner(DrEnvironment environment, string endpoint) =>
        environment.Regions.Values.FirstOrDefault(r => r.Redis is { } redis && Same(redis.Endpoint, endpoint));

    /// <summary>The region whose drillRedis <paramref name="endpoint"/> is, or null.</summary>
    public static DrRegion? DrillOwner(DrEnvironment environment, string endpoint) =>
        environment.Regions.Values.FirstOrDefault(r => r.DrillRedis is { } drill && Same(drill.Endpoint, endpoint));

    private static RedisEndpoint? Parse(string endpoint)
    {
        try
        {
            return new RedisEndpoint(endpoint);
        }
        catch (DrException)
        {
            return null;
        }
    }

    private static bool Loopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
