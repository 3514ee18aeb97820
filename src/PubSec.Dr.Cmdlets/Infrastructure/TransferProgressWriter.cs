using System.Management.Automation;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// Renders engine transfer reports as a progress bar (bytes, rate, percent). The engine already throttles;
/// this only formats, and <see cref="Complete"/> always closes the bar.
/// </summary>
internal sealed class TransferProgressWriter : IProgress<TransferProgress>
{
    private readonly int _activityId;
    private readonly int _parentId;
    private readonly Action<ProgressRecord> _write;
    private string _activity = "Transfer";
    private bool _started;

    public TransferProgressWriter(int activityId, Action<ProgressRecord> write, int parentId = -1)
    {
        _activityId = activityId;
        _parentId = parentId;
        _write = write;
    }

    public void Report(TransferProgress value)
    {
        _started = true;
        _activity = value.Activity;
        var status = value.BytesTotal is { } total
            ? $"{Size(value.BytesDone)} of {Size(total)} at {Size((long)value.BytesPerSecond)}/s"
            : $"{Size(value.BytesDone)} at {Size((long)value.BytesPerSecond)}/s";
        _write(new ProgressRecord(_activityId, value.Activity, status)
        {
            CurrentOperation = value.Item,
            PercentComplete = value.PercentComplete ?? -1,
            ParentActivityId = _parentId,
        });
    }

    public void Complete()
    {
        if (_started)
        {
            _write(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.00} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
