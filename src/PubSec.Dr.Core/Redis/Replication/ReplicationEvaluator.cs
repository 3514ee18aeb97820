using System.Globalization;
using System.Net;

namespace PubSec.Dr.Redis.Replication;

/// <summary>
/// Turns the two servers' INFO replication into a verdict. Pure, so every combination (replica silent, link
/// down, resync, lag over a limit) is testable from INFO text alone.
/// </summary>
internal static class ReplicationEvaluator
{
    public sealed record Limits(long MaxLagBytes, long MaxLagSeconds);

    /// <param name="replicaInfo">Null when the replica did not answer; <paramref name="replicaProblem"/> says why.</param>
    /// <param name="replicaAddresses">The replica host's addresses, to tell replicas on the same port apart.</param>
    public static RedisReplicationStatus Evaluate(RedisEndpoint primary, RedisEndpoint replica, RedisServerInfo primaryInfo,
        RedisServerInfo? replicaInfo, string? replicaProblem, IReadOnlyCollection<IPAddress> replicaAddresses, Limits limits, DateTime now)
    {
        var reasons = new List<string>();
        if (primaryInfo.Role != "master")
        {
            reasons.Add($"{primary.Display} is not a primary: its role is '{primaryInfo.Role}'.");
        }

        var listed = PrimaryReplicaEntry.All(primaryInfo);
        var entry = Match(listed, replica, replicaAddresses, replicaInfo is not null);
        if (entry is null)
        {
            reasons.Add($"The primary does not list {replica.Display} among its {listed.Count} connected replica(s).");
        }
        else if (entry.State != "online")
        {
            reasons.Add($"The primary lists the replica in state '{entry.State}', not online.");
        }

        long? contact = entry?.LagSeconds;
        var link = "unknown";
        if (replicaInfo is null)
        {
            reasons.Add($"{replica.Display} did not answer: {replicaProblem} Its state is taken from the primary's view.");
        }
        else
        {
            link = replicaInfo.Get("master_link_status") ?? "none";
            if (replicaInfo.Role != "slave")
            {
                reasons.Add($"{replica.Display} is not a replica: its role is '{replicaInfo.Role}'.");
            }
            else if (link != "up")
            {
                reasons.Add($"The replica's link to its primary is {link} (for {replicaInfo.Long("master_link_down_since_seconds")?.ToString(CultureInfo.InvariantCulture) ?? "?"} s).");
            }

            if (replicaInfo.Long("master_sync_in_progress") == 1)
            {
                reasons.Add("The replica is in the middle of a full resync: its data is not usable until it finishes.");
            }

            var io = replicaInfo.Long("master_last_io_seconds_ago");
            contact = io is >= 0 ? io : replicaInfo.Long("master_link_down_since_seconds") ?? contact;
        }

        var primaryOffset = primaryInfo.MasterReplOffset;
        var replicaOffset = replicaInfo?.Role == "slave" ? replicaInfo.Long("slave_repl_offset") : entry?.Offset;
        long? lagBytes = primaryOffset is { } p && replicaOffset is { } r ? Math.Max(0, p - r) : null;
        var ages = new[] { contact, entry?.LagSeconds }.OfType<long>().Where(s => s >= 0).ToArray();
        long? lagSeconds = lagBytes == 0 ? 0 : ages.Length > 0 ? ages.Max() : null;
        long? rpo = lagBytes == 0 ? 0 : lagSeconds + 1;

        if (lagBytes is null)
        {
            reasons.Add("The replica's replication offset is unknown, so its lag cannot be measured.");
        }
        else if (lagBytes > limits.MaxLagBytes)
        {
            reasons.Add($"The replica is {lagBytes} bytes behind (more than -MaxLagBytes {limits.MaxLagBytes}).");
        }

        if (lagSeconds > limits.MaxLagSeconds)
        {
            reasons.Add($"The replica's data is up to {lagSeconds} s old (more than -MaxLagSeconds {limits.MaxLagSeconds}).");
        }

        return new RedisReplicationStatus
        {
            Primary = primary.Display,
            Replica = replica.Display,
            LinkStatus = link,
            PrimaryOffset = primaryOffset,
            ReplicaOffset = replicaOffset,
            LagBytes = lagBytes,
            LagSeconds = lagSeconds,
            SecondsSinceLastContact = contact,
            RpoSeconds = rpo,
            ListedByPrimary = entry is not null,
            ReplicaAnswered = replicaInfo is not null,
            Verdict = reasons.Count == 0 ? RedisReplicationVerdict.Healthy : RedisReplicationVerdict.Unhealthy,
            Reasons = [.. reasons],
            CheckedAt = now,
        };
    }

    /// <summary>
    /// The primary's entry for this replica: by port (and address when several share it). Through a
    /// port-forward the port differs; then a primary with exactly one replica is taken to mean this one,
    /// but only when the replica answered as a replica.
    /// </summary>
    private static PrimaryReplicaEntry? Match(IReadOnlyList<PrimaryReplicaEntry> listed, RedisEndpoint replica,
        IReadOnlyCollection<IPAddress> addresses, bool replicaAnswered)
    {
        var byPort = listed.Where(e => e.Port == replica.Port).ToList();
        if (byPort.Count > 1)
        {
            byPort = byPort.Where(e => IPAddress.TryParse(e.Ip, out var ip) && addresses.Contains(ip)).ToList();
        }

        return byPort.Count == 1 ? byPort[0] : byPort.Count == 0 && listed.Count == 1 && replicaAnswered ? listed[0] : null;
    }
}
