using System.Runtime.CompilerServices;

namespace PubSec.Dr.Redis.Compare;

/// <summary>
/// Finds the keys in which a difference server departs from a reference server, in two SCAN passes whose memory
/// is bounded by one batch: every reference key is read on both sides (TYPE, PTTL, DUMP pipelined), then every
/// difference key is checked for existence on the reference. No set of all keys is ever held.
/// Equal DUMP payloads mean equal values; different payloads are confirmed with plain reads, since equal values
/// can serialize differently (another encoding or RDB version).
/// </summary>
public sealed class RedisDataComparer
{
    private const int ConfirmConcurrency = 16;

    private readonly IRedisServer _reference;
    private readonly IRedisServer _difference;
    private readonly RedisCompareOptions _options;

    public RedisDataComparer(IRedisServer reference, IRedisServer difference, RedisCompareOptions options)
    {
        _reference = reference;
        _difference = difference;
        _options = options;
    }

    /// <summary>Reference keys compared so far (keys that vanished between SCAN and the read are not counted).</summary>
    public long KeysCompared { get; private set; }

    /// <summary>Difference keys checked for existence on the reference so far.</summary>
    public long DifferenceKeysScanned { get; private set; }

    public long DifferencesFound { get; private set; }

    /// <summary>
    /// Every difference, as found. A consumer may fix each one before asking for the next: later reads do not
    /// depend on earlier keys, and SCAN still returns every key that exists for the whole pass.
    /// </summary>
    public async IAsyncEnumerable<RedisDifference> CompareAsync(IProgress<RedisCompareProgress>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var total = await _reference.CountKeysAsync(cancellationToken).ConfigureAwait(false);
        long cursor = 0;
        do
        {
            (cursor, var keys) = await _reference.ScanAsync(cursor, _options.Pattern, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            if (keys.Length > 0)
            {
                var references = _reference.ReadStatesAsync(keys, withDump: true, cancellationToken);
                var differences = _difference.ReadStatesAsync(keys, withDump: true, cancellationToken);
                await Task.WhenAll(references, differences).ConfigureAwait(false);
                KeysCompared += references.Result.Count(r => r.Exists);
                foreach (var found in await JudgeBatchAsync(keys, references.Result, differences.Result, cancellationToken).ConfigureAwait(false))
                {
                    DifferencesFound++;
                    yield return found;
                }
            }

            progress?.Report(new RedisCompareProgress("Comparing reference keys", KeysCompared, DifferenceKeysScanned, DifferencesFound, total));
        }
        while (cursor != 0);

        do
        {
            (cursor, var keys) = await _difference.ScanAsync(cursor, _options.Pattern, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            DifferenceKeysScanned += keys.Length;
            var onReference = keys.Length == 0 ? [] : await _reference.ExistAsync(keys, cancellationToken).ConfigureAwait(false);
            var extra = keys.Where((_, i) => !onReference[i]).ToArray();
            if (extra.Length > 0)
            {
                var states = await _difference.ReadStatesAsync(extra, withDump: false, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < extra.Length; i++)
                {
                    if (states[i].Exists)
                    {
                        DifferencesFound++;
                        yield return New(extra[i], RedisDifferenceKind.Extra, null, states[i],
                            $"{RedisKeyState.TypeName(states[i].Type)} absent on the reference");
                    }
                }
            }

            progress?.Report(new RedisCompareProgress("Looking for extra keys", KeysCompared, DifferenceKeysScanned, DifferencesFound, total));
        }
        while (cursor != 0);
    }

    /// <summary>
    /// The batch's differences in key order. Keys whose payloads differ need several round trips each to confirm
    /// (after a config change that is every key), so a few are confirmed at once; each holds at most one chunk.
    /// </summary>
    private async Task<IEnumerable<RedisDifference>> JudgeBatchAsync(byte[][] keys, RedisKeyState[] references, RedisKeyState[] differences,
        CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(ConfirmConcurrency);
        var judged = keys.Select(async (key, i) =>
        {
            if (!references[i].Exists)
            {
                return null;
            }

            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await JudgeAsync(key, references[i], differences[i], cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }).ToArray();
        var results = await Task.WhenAll(judged).ConfigureAwait(false);
        return results.OfType<RedisDifference>();
    }

    private async Task<RedisDifference?> JudgeAsync(byte[] key, RedisKeyState reference, RedisKeyState difference, CancellationToken cancellationToken)
    {
        if (!difference.Exists)
        {
            return New(key, RedisDifferenceKind.Missing, reference, difference, $"{RedisKeyState.TypeName(reference.Type)} absent on the difference side");
        }

        if (reference.Type != difference.Type)
        {
            return New(key, RedisDifferenceKind.TypeDiffers, reference, difference,
                $"{RedisKeyState.TypeName(reference.Type)} vs {RedisKeyState.TypeName(difference.Type)}");
        }

        var ttl = TtlDifference(reference, difference);
        if (!DumpPayload.SameValue(reference.Dump, difference.Dump))
        {
            var detail = await RedisValueComparer.DescribeAsync(_reference, _difference, key, reference.Type, reference.Dump, difference.Dump, cancellationToken)
                .ConfigureAwait(false);
            if (detail is not null)
            {
                return New(key, RedisDifferenceKind.ValueDiffers, reference, difference, ttl is null ? detail : $"{detail}; {ttl}");
            }
        }

        return ttl is null ? null : New(key, RedisDifferenceKind.TtlDiffers, reference, difference, ttl);
    }

    private string? TtlDifference(RedisKeyState reference, RedisKeyState difference)
    {
        var (a, b) = (reference.Ttl, difference.Ttl);
        var differs = a is null != b is null || (a is { } x && b is { } y && (x - y).Duration() > _options.TtlTolerance);
        return differs ? $"TTL {Describe(a)} vs {Describe(b)}" : null;
    }

    private static string Describe(TimeSpan? ttl) => ttl is { } t ? $"{t.TotalSeconds:0.###}s" : "none";

    private RedisDifference New(byte[] key, RedisDifferenceKind kind, RedisKeyState? reference, RedisKeyState difference, string detail)
    {
        return new RedisDifference
        {
            Key = RedisKeyText.Display(key),
            KeyHex = RedisKeyText.Hex(key),
            Kind = kind,
            ReferenceTtl = reference?.Ttl,
            DifferenceTtl = difference.Ttl,
            Detail = detail,
            Reference = _reference.Endpoint.Display,
            Difference = _difference.Endpoint.Display,
        };
    }
}
