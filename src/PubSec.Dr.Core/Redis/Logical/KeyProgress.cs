using System.Diagnostics;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Logical;

/// <summary>
/// Progress of a key-by-key transfer: bytes and rate as every transfer reports them, with the keys done (and the
/// server's key count, an estimate when a pattern selects fewer) in the item text. A few reports a second at most.
/// </summary>
public sealed class KeyProgress(IProgress<TransferProgress>? progress, string activity, string item, long? keysExpected)
{
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _last;
    private long _keys;
    private long _bytes;

    public void Add(long keys, long bytes)
    {
        _keys += keys;
        _bytes += bytes;
        Report(force: false);
    }

    public void Complete() => Report(force: true);

    private void Report(bool force)
    {
        var now = Stopwatch.GetTimestamp();
        if (progress is null || (!force && now - _last < Interval))
        {
            return;
        }

        _last = now;
        var seconds = Math.Max(1e-6, (now - _started) / (double)Stopwatch.Frequency);
        var expected = keysExpected is > 0 ? $" of ~{keysExpected}" : string.Empty;
        progress.Report(new TransferProgress(activity, $"{_keys}{expected} keys ({_keys / seconds:F0}/s): {item}", _bytes, null, _bytes / seconds));
    }
}
