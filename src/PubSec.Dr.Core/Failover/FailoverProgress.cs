using PubSec.Dr.Operations;

namespace PubSec.Dr.Failover;

/// <summary>Progress of a failover: which step runs, as a share of the nine.</summary>
internal sealed class FailoverProgress(FailoverRequest request, IProgress<StepProgress>? progress)
{
    private static readonly int Count = Enum.GetValues<FailoverStepName>().Length;

    private readonly string _activity = $"Failover of {request.Environment}: {request.From} -> {request.To}";

    public void Report(FailoverStepName step) =>
        progress?.Report(new StepProgress(_activity, $"Step {(int)step + 1}/{Count}: {step}", (int)step * 100 / Count));

    public void Complete() => progress?.Report(new StepProgress(_activity, "Done", 100));
}
