using System.Diagnostics;

namespace PubSec.Dr.Transfer;

/// <summary>Turns byte counts into throttled <see cref="TransferProgress"/> reports (a few per second at most).</summary>
public sealed class TransferMeter
{
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private readonly IProgress<TransferProgress>? _progress;
    private readonly string _activity;
    private readonly string _item;
    private readonly long? _total;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastReport;

    public TransferMeter(IProgress<TransferProgress>? progress, string activity, string item, long? total)
    {
        _progress = progress;
        _activity = activity;
        _item = item;
        _total = total;
    }

    public static TransferMeter None { get; } = new(null, string.Empty, string.Empty, null);

    public void Report(long bytesDone, bool force = false)
    {
        if (_progress is null)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (!force && now - _lastReport < Interval)
        {
            return;
        }

        _lastReport = now;
        var seconds = Math.Max(1e-6, (now - _started) / (double)Stopwatch.Frequency);
        _progress.Report(new TransferProgress(_activity, _item, bytesDone, _total, bytesDone / seconds));
    }
}
