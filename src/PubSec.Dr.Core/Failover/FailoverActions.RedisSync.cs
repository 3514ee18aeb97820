using System.Diagnostics;
using System.Globalization;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Compare;
using PubSec.Dr.Redis.Replication;

namespace PubSec.Dr.Failover;

/// <summary>
/// SyncRedis and the RedisData of a healthy source (failback, switchover): the target's Redis follows the source
/// until it has every write, the source is fenced, the last writes arrive, Compare-RedisData proves both hold the
/// same keys, and only then is the target promoted. No balance written in the active region is lost.
/// </summary>
public sealed partial class FailoverActions
{
    /// <summary>How long the target's Redis may take to catch up with the source (a full sync of a large dataset).</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a wait (replication catch-up, workloads ready) looks again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public async Task SyncRedisAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        var source = RedisOf(_source);
        var target = RedisOf(_target);
        await using var replica = await backends.ConnectRedisAsync(target, ct).ConfigureAwait(false);
        var info = await replica.InfoAsync(ct).ConfigureAwait(false);
        var following = info.Role == "slave" && info.Get("master_host") == source.Host && info.Long("master_port") == source.Port;
        if (plan)
        {
            step.Details.Add(following
                ? $"Redis {target.Display} already replicates {source.Display}; wait until it has caught up."
                : $"Would make Redis {target.Display} (now a {info.Role}) a replica of {source.Display} (REPLICAOF; its own keys are replaced by the source's), then wait until it has caught up.");
            return;
        }

        if (!following)
        {
            await FollowAsync(replica, source, ct).ConfigureAwait(false);
            step.Details.Add($"Redis {target.Display} (was a {info.Role}) now replicates {source.Display}; its own keys are replaced by a full sync.");
        }

        await WaitCaughtUpAsync(step, source, target, ct).ConfigureAwait(false);
    }

    public async Task PromoteSyncedRedisAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        var source = RedisOf(_source);
        var target = RedisOf(_target);
        if (plan)
        {
            step.Details.Add($"Wait until Redis {target.Display} has the fenced {source.Display}'s last writes, compare both (Compare-RedisData), then promote {target.Display} (REPLICAOF NO ONE).");
            return;
        }

        await using var redis = await backends.ConnectRedisAsync(target, ct).ConfigureAwait(false);
        if ((await redis.InfoAsync(ct).ConfigureAwait(false)).Role != "master")
        {
            await WaitCaughtUpAsync(step, source, target, ct).ConfigureAwait(false);
            var differences = await CountDifferencesAsync(step, source, target, ct).ConfigureAwait(false);
            step.State[FailoverStateKeys.RedisDifferences] = differences.ToString(CultureInfo.InvariantCulture);
            if (differences > 0)
            {
                throw new DrException(ErrorIds.FailoverRedisDiffers, DrErrorCategory.InvalidResult,
                    $"Redis {target.Display} differs from the active {source.Display} in {differences} key(s) after catching up; promoting it would lose them.",
                    $"Look at the keys in the step's Details (Compare-RedisData -Reference {source.Display} -Difference {target.Display}); run the same command again to retry.",
                    target.Display);
            }

            await step.SaveAsync(ct).ConfigureAwait(false);
            await redis.PromoteAsync(ct).ConfigureAwait(false);
        }
        else
        {
            step.Details.Add($"Redis {target.Display} is already a primary (promoted by an earlier attempt).");
        }

        var after = await redis.InfoAsync(ct).ConfigureAwait(false);
        if (after.Role != "master")
        {
            throw new DrException(ErrorIds.FailoverRedisNotPromotable, DrErrorCategory.InvalidResult,
                $"Redis {target.Display} is still a {after.Role} after REPLICAOF NO ONE.",
                "Check that the account may run REPLICAOF (ACL) and that no Sentinel or operator makes it a replica again.", target.Display);
        }

        step.State[FailoverStateKeys.RedisLagSeconds] = "0";
        step.State[FailoverStateKeys.RedisAction] = "the Redis in the new region was synchronised from the active one and promoted";
        step.State[FailoverStateKeys.DataLossBasis] = step.State.TryGetValue(FailoverStateKeys.RedisDifferences, out var found)
            ? $"Compare-RedisData found {found} difference(s) with the fenced active Redis before the switch" : "synchronised before an earlier attempt promoted it";
        step.Details.Add($"Promoted Redis {target.Display} to primary with every write of {source.Display}.");
    }

    /// <summary>
    /// Makes <paramref name="server"/> a replica of <paramref name="primary"/>, authenticating with the primary's own
    /// account (masterauth/masteruser: the password is sent, never shown). Also the drills' way to make their scratch
    /// Redis a copy of a region's data, so a drill follows exactly as a failback does.
    /// </summary>
    internal static async Task FollowAsync(IRedisServer server, RedisEndpoint primary, CancellationToken ct)
    {
        if (primary.Password is { } password)
        {
            await server.SetConfigAsync("masterauth", password, ct).ConfigureAwait(false);
        }

        if (primary.User is { } user)
        {
            await server.SetConfigAsync("masteruser", user, ct).ConfigureAwait(false);
        }

        await server.ReplicateFromAsync(primary.Host, primary.Port, ct).ConfigureAwait(false);
    }

    /// <summary>Until the replica's link is up and its offset equals the source's; the time it took is in the Details.</summary>
    private async Task WaitCaughtUpAsync(FailoverStep step, RedisEndpoint source, RedisEndpoint target, CancellationToken ct)
    {
        var caughtUp = await CatchUpAsync(backends, Log, source, target, SyncTimeout, PollInterval, ct).ConfigureAwait(false);
        step.Details.Add($"Redis {target.Display} caught up with {source.Display} (offset {caughtUp.Status.PrimaryOffset}) after {caughtUp.Took.TotalSeconds:0.#} s.");
    }

    /// <summary>
    /// Polls <see cref="RedisReplicationChecker"/> until <paramref name="target"/>'s link is up and its offset equals
    /// <paramref name="source"/>'s; returns that status, the time it took and the largest lag (RpoSeconds) seen before.
    /// Shared with the drills, which wait for their scratch copy the same way.
    /// </summary>
    internal static async Task<(RedisReplicationStatus Status, TimeSpan Took, long? WorstLagSeconds)> CatchUpAsync(IRedisConnector backends,
        IOperationLog log, RedisEndpoint source, RedisEndpoint target, TimeSpan timeout, TimeSpan poll, CancellationToken ct)
    {
        var checker = new RedisReplicationChecker(backends, source, target) { Log = log };
        var clock = Stopwatch.StartNew();
        RedisReplicationStatus? last = null;
        long? worst = null;
        while (clock.Elapsed < timeout)
        {
            var (status, _) = await checker.CheckAsync(ct).ConfigureAwait(false);
            last = status;
            if (status.LinkStatus == "up" && status.LagBytes == 0)
            {
                return (status, clock.Elapsed, worst);
            }

            if (status.RpoSeconds is { } rpo && (worst is null || rpo > worst))
            {
                worst = rpo;
            }

            await Task.Delay(poll, ct).ConfigureAwait(false);
        }

        throw new DrException(ErrorIds.FailoverSyncTimeout, DrErrorCategory.OperationTimeout,
            $"Redis {target.Display} did not catch up with {source.Display} within {timeout.TotalMinutes:0.#} min (link {last?.LinkStatus}, {last?.LagBytes} bytes behind).",
            "Check the link between the regions and the replica's log (INFO replication); run the same command again to keep waiting.", target.Display);
    }

    private async Task<long> CountDifferencesAsync(FailoverStep step, RedisEndpoint source, RedisEndpoint target, CancellationToken ct)
    {
        long count = 0;
        await foreach (var (difference, _) in new RedisCompareRun(backends, Log).RunAsync(source, target, new RedisCompareOptions(), false, (_, _) => false, null, ct).ConfigureAwait(false))
        {
            if (++count <= 5)
            {
                step.Details.Add($"Differs: {difference.Key} ({difference.Kind}: {difference.Detail}).");
            }
        }

        step.Details.Add($"Compare-RedisData {source.Display} (active) with {target.Display}: {count} difference(s).");
        return count;
    }
}
