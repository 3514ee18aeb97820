using System.Management.Automation;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>Renders engine phase reports as a parent progress bar; <see cref="Complete"/> always closes it.</summary>
internal sealed class StepProgressWriter : IProgress<StepProgress>
{
    private readonly int _activityId;
    private readonly Action<ProgressRecord> _write;
    private string? _activity;

    public StepProgressWriter(int activityId, Action<ProgressRecord> write)
    {
        _activityId = activityId;
        _write = write;
    }

    public void Report(StepProgress value)
    {
        _activity = value.Activity;
        _write(new ProgressRecord(_activityId, value.Activity, value.Status) { PercentComplete = Math.Clamp(value.PercentComplete, 0, 100) });
    }

    public void Complete()
    {
        if (_activity is not null)
        {
            _write(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
