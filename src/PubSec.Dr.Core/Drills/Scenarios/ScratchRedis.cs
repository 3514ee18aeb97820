using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;

namespace PubSec.Dr.Drills.Scenarios;

/// <summary>
/// A region's drillRedis taken for one drill. The first use finds it empty and a primary, or refuses it: keys there
/// that no ledger of this drill explains are someone else's (another drill running now, or a server that is not a
/// scratch server after all), and the cleanup's FLUSHALL would destroy them. Only then is it ledgered, so the cleanup
/// (and the next drill after a kill) empties it. A later use in the same drill empties what the drill put there.
/// </summary>
internal static class ScratchRedis
{
    /// <summary>The region's scratch Redis, empty and ready for this drill; null when the environment gives the region none.</summary>
    public static async Task<RedisEndpoint?> ClaimAsync(DrillContext context, DrRegion region, CancellationToken ct)
    {
        if (region.DrillRedis is not { } settings)
        {
            return null;
        }

        // The parser already refuses a production endpoint; an environment built in code is checked here as well.
        var endpoint = RedisScratchRemover.Scratch(region.Environment, settings.Endpoint, $"regions.{region.Name}.drillRedis");
        if (await context.CreatedAsync(RedisScratchRemover.ResourceKind, settings.Endpoint, ct).ConfigureAwait(false))
        {
            await RedisScratchRemover.EmptyAsync(context.Backends, endpoint, ct).ConfigureAwait(false);
            return endpoint;
        }

        await using var server = await context.Backends.ConnectRedisAsync(endpoint, ct).ConfigureAwait(false);
        var info = await server.InfoAsync(ct).ConfigureAwait(false);
        if (info.KeyCount > 0 || info.Role != "master")
        {
            throw new DrException(ErrorIds.DrillScratchRedisInUse, DrErrorCategory.ResourceExists,
                $"The drill Redis {endpoint.Display} (regions.{region.Name}.drillRedis) holds {info.KeyCount} key(s) and is a {info.Role}, "
                + "but no ledger of this drill put anything there: another drill may be using it, or it holds someone's data. It is not touched.",
                "Wait for a running drill to finish (Get-DrDrillHistory); otherwise look at what the server holds and empty it by hand if it is a scratch server.",
                endpoint.Display);
        }

        // Ledgered before the drill writes into it: from here on the cleanup empties it, also after a kill.
        await context.CreateAsync(RedisScratchRemover.ResourceKind, settings.Endpoint, () => Task.FromResult(true), ct).ConfigureAwait(false);
        return endpoint;
    }
}
