using System.Diagnostics;
using System.Globalization;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Replication;

namespace PubSec.Dr.Readiness;

/// <summary>
/// The region's Redis answers, with its role. A primary passes. A replica is measured against its primary with
/// <see cref="RedisReplicationChecker"/> (lag in bytes and seconds): over a limit, or with its link down, it is a
/// Warning, not a failure, because its data can still be promoted; how much would be lost is in Observed. Only a
/// Redis that does not answer fails.
/// </summary>
internal static class RedisProbe
{
    public const string Check = "Redis";

    public sealed record Limits(long MaxLagBytes, int MaxLagSeconds);

    /// <param name="primaries">The other regions' Redis endpoints: a replica's primary is looked for among them first (the address its INFO names may be internal to the cluster).</param>
    public static ReadinessProbe Create(IRedisConnector redis, RedisEndpoint endpoint, IReadOnlyList<RedisEndpoint> primaries, Limits limits) =>
        new($"{Check} {endpoint.Display}", ReadinessCategory.Redis, "answers; a replica linked and within the lag limits", async ct =>
        {
            var clock = Stopwatch.StartNew();
            RedisServerInfo info;
            await using (var link = await redis.OpenRedisReplicationAsync(endpoint, ct).ConfigureAwait(false))
            {
                info = await link.InfoAsync("replication", ct).ConfigureAwait(false);
            }

            var name = $"{Check} {endpoint.Display}";
            if (info.Role != "slave")
            {
                return ReadinessChecks.One(ReadinessChecks.Make(ReadinessCategory.Redis, name, ReadinessStatus.Passed, "answers",
                    $"role {info.Role}, {info.Long("connected_slaves") ?? 0} replica(s) connected", clock.Elapsed));
            }

            var primary = PrimaryOf(endpoint, info, primaries);
            RedisReplicationStatus? status = null;
            string? primaryProblem = null;
            if (primary is not null)
            {
                try
                {
                    (status, _) = await new RedisReplicationChecker(redis, primary, endpoint)
                    {
                        MaxLagBytes = limits.MaxLagBytes,
                        MaxLagSeconds = limits.MaxLagSeconds,
                    }.CheckAsync(ct).ConfigureAwait(false);
                }
                catch (DrException ex)
                {
                    // The primary's region may be the one that is down: the replica is then judged by its own INFO.
                    primaryProblem = ex.Message;
                }
            }

            return ReadinessChecks.One(status is not null
                ? FromStatus(name, status, clock.Elapsed)
                : FromReplicaInfo(name, info, limits, primaryProblem, clock.Elapsed));
        });

    public static ReadinessCheck FromStatus(string name, RedisReplicationStatus status, TimeSpan duration)
    {
        var observed = $"role replica of {status.Primary}, link {status.LinkStatus}, {Number(status.LagBytes)} bytes and {Number(status.LagSeconds)} s behind";
        return ReadinessChecks.Make(ReadinessCategory.Redis, name,
            status.Verdict == RedisReplicationVerdict.Healthy ? ReadinessStatus.Passed : ReadinessStatus.Warning,
            "answers; a replica linked and within the lag limits",
            status.Reasons.Length == 0 ? observed : $"{observed}: {string.Join(" ", status.Reasons)}", duration,
            "Writes of the last seconds shown would be lost if this replica were promoted now; check the link (Test-RedisReplication) before failing over.");
    }

    public static ReadinessCheck FromReplicaInfo(string name, RedisServerInfo info, Limits limits, string? primaryProblem, TimeSpan duration)
    {
        var link = info.Get("master_link_status") ?? "unknown";
        var io = info.Long("master_last_io_seconds_ago");
        var healthy = link == "up" && io is >= 0 && io <= limits.MaxLagSeconds && primaryProblem is null;
        var observed = $"role replica of {info.Get("master_host")}:{info.Get("master_port")}, link {link}, last heard from its primary {Number(io)} s ago; lag in bytes unknown"
            + (primaryProblem is null ? string.Empty : $" (primary not measured: {primaryProblem})");
        return ReadinessChecks.Make(ReadinessCategory.Redis, name, healthy ? ReadinessStatus.Passed : ReadinessStatus.Warning,
            "answers; a replica linked and within the lag limits", observed, duration,
            "The replica's data may be behind its primary; check the link (Test-RedisReplication) and how much would be lost before promoting it.");
    }

    /// <summary>The endpoint of the replica's primary: another region's Redis on the port its INFO names, else that address itself with this endpoint's credentials.</summary>
    private static RedisEndpoint? PrimaryOf(RedisEndpoint replica, RedisServerInfo info, IReadOnlyList<RedisEndpoint> primaries)
    {
        var host = info.Get("master_host");
        var port = info.Long("master_port");
        var known = primaries.Where(p => p.Port == port).ToList();
        if (known.Count > 0)
        {
            return known.FirstOrDefault(p => string.Equals(p.Host, host, StringComparison.OrdinalIgnoreCase)) ?? known[0];
        }

        return primaries.Count == 1 ? primaries[0]
            : host is null || port is null ? null
            : new RedisEndpoint($"{(host.Contains(':') ? $"[{host}]" : host)}:{port.Value.ToString(CultureInfo.InvariantCulture)}", replica.Password, replica.User) { Deadlines = replica.Deadlines };
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
