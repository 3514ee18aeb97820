namespace PubSec.Dr;

/// <summary>
/// How much recent data one store may have lost in the failover: Redis the replica's lag at promotion, Qdrant
/// the age of the backup restored (zero when the target already held a state at least as new). Null Window: unknown.
/// </summary>
public sealed class FailoverDataLoss
{
    public string Store { get; set; } = string.Empty;

    public TimeSpan? Window { get; set; }

    /// <summary>Where the figure comes from, in words (e.g. "replica lag at promotion", "age of backup X").</summary>
    public string Basis { get; set; } = string.Empty;

    public override string ToString() => $"{Store}: {(Window is { } w ? w.ToString() : "unknown")} ({Basis})";
}
