using System.Globalization;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Replication;

namespace PubSec.Dr.Failover;

/// <summary>RedisData: the target's replica becomes the primary; its lag at that moment is the balances' data-loss window.</summary>
public sealed partial class FailoverActions
{
    public async Task RedisDataAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        var settings = _target.Require(r => r.Redis, "redis");
        await using var redis = await backends.ConnectRedisAsync(RedisOf(_target), ct).ConfigureAwait(false);
        var info = await redis.InfoAsync(ct).ConfigureAwait(false);
        if (info.Role == "master")
        {
            // A resumed run that promoted before it was killed: nothing to do, but the lag it had is not known now.
            step.Details.Add($"Redis {settings.Endpoint} is already a primary; nothing to promote.");
            step.State.TryAdd(FailoverStateKeys.RedisAction, "the Redis in the new region was already a primary");
            return;
        }

        var lag = await LagSecondsAsync(step, info, ct).ConfigureAwait(false);
        if (plan)
        {
            step.Details.Add($"Would promote Redis {settings.Endpoint} (REPLICAOF NO ONE); its lag now: {(lag is { } l ? $"{l} s" : "unknown")}.");
            return;
        }

        if (lag is { } seconds)
        {
            step.State[FailoverStateKeys.RedisLagSeconds] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        step.State[FailoverStateKeys.RedisAction] = "the replica in the new region was promoted";
        await step.SaveAsync(ct).ConfigureAwait(false);
        await redis.PromoteAsync(ct).ConfigureAwait(false);
        var after = await redis.InfoAsync(ct).ConfigureAwait(false);
        if (after.Role != "master")
        {
            throw new DrException(ErrorIds.FailoverRedisNotPromotable, DrErrorCategory.InvalidResult,
                $"Redis {settings.Endpoint} is still a {after.Role} after REPLICAOF NO ONE.",
                "Check that the account may run REPLICAOF (ACL) and that no Sentinel or operator makes it a replica again; restore the newest Redis backup otherwise (Restore-RedisBackup).",
                settings.Endpoint);
        }

        step.Details.Add($"Promoted Redis {settings.Endpoint} to primary; lag at promotion {(lag is { } s ? $"{s} s" : "unknown")}.");
    }

    /// <summary>
    /// The lag: RedisReplicationChecker's when the source primary still answers; else from the replica alone, the
    /// seconds since it last heard from its primary (nothing newer can have reached it).
    /// </summary>
    private async Task<long?> LagSecondsAsync(FailoverStep step, RedisServerInfo replica, CancellationToken ct)
    {
        if (_sourceRedisSilent is { } silent)
        {
            step.Details.Add($"The source Redis did not answer earlier in this run ({silent}): the lag is measured from the replica alone.");
        }
        else if (_source.Redis is not null)
        {
            try
            {
                var checker = new RedisReplicationChecker(backends, RedisOf(_source, SourceDeadlines), RedisOf(_target)) { Log = Log };
                var (status, _) = await checker.CheckAsync(ct).ConfigureAwait(false);
                step.Details.Add($"Replication {status.Primary} -> {status.Replica}: {status.LagBytes} bytes behind, RPO {status.RpoSeconds} s.");
                return status.RpoSeconds;
            }
            catch (DrException ex) when (Unreachable(ex))
            {
                _sourceRedisSilent = ex.ErrorId;
                step.Details.Add($"The source Redis does not answer ({ex.ErrorId}): the lag is measured from the replica alone.");
            }
        }

        var link = replica.Get("master_link_status");
        var seconds = link == "up" ? replica.Long("master_last_io_seconds_ago") : replica.Long("master_link_down_since_seconds");
        step.Details.Add($"Replica link {link ?? "unknown"}; last heard from its primary {(seconds is { } s ? $"{s} s" : "at an unknown time")} ago.");
        return seconds is { } value ? value + 1 : null;
    }
}
