using System.Diagnostics;
using System.Runtime.CompilerServices;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Redis.Compare;

/// <summary>
/// Compare-RedisData as one operation: connects to both servers through the factory, compares them and, when asked
/// to fix, makes each difference equal to the reference as it is found, after <c>confirm(target, action)</c> says
/// yes (the cmdlet's ShouldProcess, so -WhatIf and -Confirm see every fix). A fix that fails is reported with its
/// difference and the comparison goes on. The summary is logged at the end, as a warning when fixing left or found
/// differences.
/// </summary>
public sealed class RedisCompareRun(IRedisConnector redis, IOperationLog log)
{
    /// <summary>Every difference with the failure of its fix (null when it was fixed, skipped or not to be fixed).</summary>
    public async IAsyncEnumerable<(RedisDifference Difference, DrException? FixFailure)> RunAsync(RedisEndpoint reference, RedisEndpoint difference,
        RedisCompareOptions options, bool fix, Func<string, string, bool> confirm, IProgress<RedisCompareProgress>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (reference.Display == difference.Display)
        {
            throw new DrException(ErrorIds.RedisCompareSameServer, DrErrorCategory.InvalidArgument,
                $"-Reference and -Difference are the same server ({reference.Display}); a server always equals itself.",
                "Give the server to check as -Difference and the one it should equal as -Reference.", difference.Display);
        }

        await using var referenceServer = await redis.ConnectRedisAsync(reference, cancellationToken).ConfigureAwait(false);
        await using var differenceServer = await redis.ConnectRedisAsync(difference, cancellationToken).ConfigureAwait(false);
        var comparer = new RedisDataComparer(referenceServer, differenceServer, options);
        var fixer = fix ? new RedisDifferenceFixer(referenceServer, differenceServer) : null;
        log.Verbose($"Comparing {(options.Pattern is null ? "every key" : $"keys matching '{options.Pattern}'")} of {reference.Display} (reference) "
            + $"with {difference.Display}{(fix ? ", fixing each difference" : string.Empty)}.");

        var clock = Stopwatch.StartNew();
        long fixedCount = 0, failed = 0, skipped = 0;
        await foreach (var found in comparer.CompareAsync(progress, cancellationToken).ConfigureAwait(false))
        {
            DrException? failure = null;
            if (fixer is not null && !confirm($"{found.Key} on {found.Difference}", RedisDifferenceFixer.Describe(found)))
            {
                skipped++;
            }
            else if (fixer is not null)
            {
                try
                {
                    var done = await fixer.FixAsync(found, cancellationToken).ConfigureAwait(false);
                    fixedCount++;
                    log.Verbose($"{found.Key} ({found.Kind}): {done}.");
                }
                catch (DrException ex)
                {
                    failed++;
                    failure = ex;
                }
            }

            yield return (found, failure);
        }

        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var summary = $"Compared {comparer.KeysCompared} reference key(s) and {comparer.DifferenceKeysScanned} difference key(s) in {seconds:0.0} s "
            + $"({comparer.KeysCompared / seconds:0} keys/s): {comparer.DifferencesFound} difference(s)"
            + (fix ? $", {fixedCount} fixed, {failed} failed, {skipped} skipped." : ".");
        log.Verbose(summary);
        if (fix && comparer.DifferencesFound > 0)
        {
            log.Warning(summary);
        }
    }
}
