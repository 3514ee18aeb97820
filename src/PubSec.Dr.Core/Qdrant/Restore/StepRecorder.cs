using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// Runs the steps of a restore and records each with start, end, status and detail, including the one
/// that failed, so an interrupted or failed restore still leaves a complete record of what happened.
/// </summary>
internal sealed class StepRecorder
{
    private readonly RestoreResult _result;
    private readonly IProgress<StepProgress>? _progress;
    private readonly string _activity;
    private readonly int _total;

    public StepRecorder(RestoreResult result, IProgress<StepProgress>? progress, string activity, int total)
    {
        _result = result;
        _progress = progress;
        _activity = activity;
        _total = total;
    }

    public async Task RunAsync(string name, Func<Task<string>> step)
    {
        var record = new RestoreStep { Name = name, StartedAt = DateTime.UtcNow, Status = "Running" };
        _result.Steps.Add(record);
        _progress?.Report(new StepProgress(_activity, name, 100 * (_result.Steps.Count - 1) / _total));
        try
        {
            record.Detail = await step().ConfigureAwait(false);
            record.Status = "Succeeded";
        }
        catch (Exception ex) when (ex is DrException or OperationCanceledException)
        {
            record.Status = ex is OperationCanceledException ? "Cancelled" : "Failed";
            record.Detail = ex.Message;
            throw;
        }
        finally
        {
            record.CompletedAt = DateTime.UtcNow;
        }
    }

    public void Skip(string name, string why) =>
        _result.Steps.Add(new RestoreStep { Name = name, Status = "Skipped", StartedAt = DateTime.UtcNow, CompletedAt = DateTime.UtcNow, Detail = why });
}
