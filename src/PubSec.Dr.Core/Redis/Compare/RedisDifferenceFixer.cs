using StackExchange.Redis;

namespace PubSec.Dr.Redis.Compare;

/// <summary>
/// Makes one key of the difference server equal to the reference's, reading the reference again at fix time:
/// a value is copied with DUMP and RESTORE ... REPLACE and the reference's remaining TTL, a TTL alone with
/// PEXPIRE or PERSIST, and a key the reference no longer has (or never had) is deleted.
/// </summary>
public sealed class RedisDifferenceFixer
{
    private readonly RedisCompareSide _reference;
    private readonly RedisCompareSide _difference;

    public RedisDifferenceFixer(RedisCompareSide reference, RedisCompareSide difference)
    {
        _reference = reference;
        _difference = difference;
    }

    /// <summary>The ShouldProcess action text for a difference.</summary>
    public static string Describe(RedisDifference difference) => difference.Kind switch
    {
        RedisDifferenceKind.Extra => $"Delete the key on {difference.Difference} (the reference {difference.Reference} does not have it)",
        RedisDifferenceKind.TtlDiffers => $"Set the key's TTL on {difference.Difference} to the reference's (PEXPIRE or PERSIST)",
        _ => $"Overwrite the key on {difference.Difference} with the reference's value and TTL (DUMP, RESTORE REPLACE)",
    };

    /// <summary>Fixes the key, marks the difference Fixed and says what was done.</summary>
    public async Task<string> FixAsync(RedisDifference difference, CancellationToken cancellationToken)
    {
        RedisKey key = Convert.FromHexString(difference.KeyHex);
        var done = difference.Kind == RedisDifferenceKind.TtlDiffers
            ? await FixTtlAsync(key, cancellationToken).ConfigureAwait(false)
            : await CopyAsync(key, cancellationToken).ConfigureAwait(false);
        difference.Fixed = true;
        if (difference.Kind != RedisDifferenceKind.Extra && done.StartsWith("deleted", StringComparison.Ordinal))
        {
            // The reference changed since the comparison: the fix did something other than what the Kind suggests.
            difference.Detail = $"{difference.Detail}; {done}";
        }

        return done;
    }

    private async Task<string> CopyAsync(RedisKey key, CancellationToken cancellationToken)
    {
        var (dump, pttl) = await _reference.RunAsync(async db =>
        {
            var dumped = db.KeyDumpAsync(key);
            var ttl = db.ExecuteAsync("PTTL", key);
            await Task.WhenAll(dumped, ttl).ConfigureAwait(false);
            return (dumped.Result, (long)ttl.Result);
        }, "Reading a key to copy from", cancellationToken).ConfigureAwait(false);

        if (dump is null || pttl == -2)
        {
            await _difference.RunAsync(db => db.KeyDeleteAsync(key), "Deleting a key on", cancellationToken).ConfigureAwait(false);
            return "deleted on the difference side: the reference does not have the key (any more)";
        }

        // RESTORE takes 0 for "no expiry"; a key about to expire keeps at least 1 ms rather than becoming permanent.
        var restoreTtl = pttl < 0 ? 0 : Math.Max(pttl, 1);
        await _difference.RunAsync(db => db.ExecuteAsync("RESTORE", key, restoreTtl, dump, "REPLACE"), "Restoring a key on", cancellationToken)
            .ConfigureAwait(false);
        return pttl < 0 ? "copied the reference's value (no expiry)" : $"copied the reference's value with a TTL of {pttl} ms";
    }

    private async Task<string> FixTtlAsync(RedisKey key, CancellationToken cancellationToken)
    {
        var pttl = await _reference.RunAsync(async db => (long)await db.ExecuteAsync("PTTL", key).ConfigureAwait(false), "Reading a TTL from", cancellationToken)
            .ConfigureAwait(false);
        switch (pttl)
        {
            case -2:
                await _difference.RunAsync(db => db.KeyDeleteAsync(key), "Deleting a key on", cancellationToken).ConfigureAwait(false);
                return "deleted on the difference side: the reference key expired or was deleted meanwhile";
            case -1:
                await _difference.RunAsync(db => db.KeyPersistAsync(key), "Removing a TTL on", cancellationToken).ConfigureAwait(false);
                return "removed the TTL (PERSIST), as the reference's key does not expire";
            default:
                await _difference.RunAsync(db => db.ExecuteAsync("PEXPIRE", key, Math.Max(pttl, 1)), "Setting a TTL on", cancellationToken).ConfigureAwait(false);
                return $"set the TTL to the reference's {pttl} ms (PEXPIRE)";
        }
    }
}
