using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Failover;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// The Redis data step of a failover drill: instead of promoting the target region's production replica, the
/// target's scratch Redis (drillRedis) is made a replica of the source region's Redis with the failback's follow
/// helper, waited for as the failback waits, and promoted as the failover promotes (REPLICAOF NO ONE). The production
/// servers only gain a replica for a while; the cleanup empties the copy.
/// </summary>
internal static partial class RedisDrillData
{
    /// <summary>As FailoverActions.SyncTimeout: a full sync of a large dataset.</summary>
    private static readonly TimeSpan CopySyncTimeout = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan CopyPollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task PromoteDrillCopyAsync(DrillContext context, DrillPhase phase, DrRegion source, DrRegion target, CancellationToken ct)
    {
        if (target.DrillRedis is null)
        {
            phase.Status = FailoverStepStatus.Skipped;
            phase.Details.Add($"No Redis drill copy in {target.Name}: add regions.{target.Name}.drillRedis (endpoint, user, passwordVariable of a scratch Redis "
                + $"that holds no production data and can reach {source.Name}'s Redis) to the environment file to rehearse the Redis promotion.");
            return;
        }

        var primary = RegionConnections.Redis(source);
        var copy = await ScratchRedis.ClaimAsync(context, target, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("ClaimAsync returns an endpoint whenever the region has a drillRedis.");
        await using var server = await context.Backends.ConnectRedisAsync(copy, ct).ConfigureAwait(false);
        await FailoverActions.FollowAsync(server, primary, ct).ConfigureAwait(false);
        phase.Details.Add($"Redis drill copy {copy.Display} (regions.{target.Name}.drillRedis) replicates {primary.Display} ({source.Name}).");

        var (status, took, worst) = await FailoverActions.CatchUpAsync(context.Backends, context.Log, primary, copy, CopySyncTimeout, CopyPollInterval, ct)
            .ConfigureAwait(false);
        context.ObserveRpo(TimeSpan.FromSeconds(worst ?? 0), worst is { } seconds
            ? $"lag of the Redis drill copy {copy.Display} behind {primary.Display} ({seconds} s) before it caught up"
            : $"the Redis drill copy {copy.Display} showed no measurable lag behind {primary.Display} before it caught up");
        phase.Details.Add($"Redis drill copy {copy.Display} caught up with {primary.Display} (offset {status.PrimaryOffset}) after {took.TotalSeconds:0.#} s.");

        await using var origin = await context.Backends.ConnectRedisAsync(primary, ct).ConfigureAwait(false);
        var before = await origin.CountKeysAsync(ct).ConfigureAwait(false);
        await server.PromoteAsync(ct).ConfigureAwait(false);
        var after = await server.InfoAsync(ct).ConfigureAwait(false);
        if (after.Role != "master")
        {
            throw new DrException(ErrorIds.FailoverRedisNotPromotable, DrErrorCategory.InvalidResult,
                $"The Redis drill copy {copy.Display} is still a {after.Role} after REPLICAOF NO ONE.",
                "Check that the drillRedis account may run REPLICAOF (ACL) and that no Sentinel or operator manages that server.", copy.Display);
        }

        var copied = await server.CountKeysAsync(ct).ConfigureAwait(false);
        // Writes to the live source between the count and the promotion move its count; a second look tells them apart from a short copy.
        var sourceKeys = copied == before ? before : await origin.CountKeysAsync(ct).ConfigureAwait(false);
        context.Check("RedisDrillCopy", copied == sourceKeys,
            $"{copied} key(s) in the promoted drill copy {copy.Display}, {sourceKeys} in {primary.Display} ({source.Name})", copy.Display);
        phase.Details.Add($"Promoted the Redis drill copy {copy.Display} (REPLICAOF NO ONE) with {copied} key(s).");
        DrillFailures.ThrowIfAny(context, "RedisDrillCopy", "The promoted Redis drill copy does not hold the source region's keys.");
    }
}
