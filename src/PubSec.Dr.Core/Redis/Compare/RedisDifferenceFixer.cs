using PubSec.Dr.Redis.Client;

namespace PubSec.Dr.Redis.Compare;

/// <summary>
/// Makes one key of the difference server equal to the reference's, reading the reference again at fix time:
/// a value is copied with DUMP and RESTORE ... REPLACE and the reference's remaining TTL, a TTL alone with
/// PEXPIRE or PERSIST, and a key the reference no longer has (or never had) is deleted.
/// </summary>
public sealed class RedisDifferenceFixer
{
    private readonly IRedisServer _reference;
    private readonly IRedisServer _difference;

    public RedisDifferenceFixer(IRedisServer reference, IRedisServer difference)
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
        var key = Convert.FromHexString(difference.KeyHex);
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

    private async Task<string> CopyAsync(byte[] key, CancellationToken cancellationToken)
    {
        var (dump, pttl) = (await _reference.DumpAsync([key], cancellationToken).ConfigureAwait(false))[0];
        if (dump is null || pttl == -2)
        {
            await _difference.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            return "deleted on the difference side: the reference does not have the key (any more)";
        }

        var refused = (await _difference.RestoreAsync([new RedisKeyPayload(key, pttl, dump)], replace: true, cancellationToken).ConfigureAwait(false))[0];
        if (refused is not null)
        {
            throw RedisConnections.MapReply(refused, _difference.Endpoint, "Restoring a key on");
        }

        return pttl < 0 ? "copied the reference's value (no expiry)" : $"copied the reference's value with a TTL of {pttl} ms";
    }

    private async Task<string> FixTtlAsync(byte[] key, CancellationToken cancellationToken)
    {
        var pttl = (await _reference.ReadStatesAsync([key], withDump: false, cancellationToken).ConfigureAwait(false))[0].Pttl;
        switch (pttl)
        {
            case -2:
                await _difference.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                return "deleted on the difference side: the reference key expired or was deleted meanwhile";
            case -1:
                await _difference.PersistAsync(key, cancellationToken).ConfigureAwait(false);
                return "removed the TTL (PERSIST), as the reference's key does not expire";
            default:
                await _difference.ExpireAsync(key, Math.Max(pttl, 1), cancellationToken).ConfigureAwait(false);
                return $"set the TTL to the reference's {pttl} ms (PEXPIRE)";
        }
    }
}
