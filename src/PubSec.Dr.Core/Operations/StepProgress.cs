namespace PubSec.Dr.Operations;

/// <summary>Which phase of a long operation is running; transfers inside a phase report TransferProgress.</summary>
public sealed record StepProgress(string Activity, string Status, int PercentComplete);
