namespace PubSec.Dr;

/// <summary>
/// One step of a failover as the journal keeps it: when it ran, how it ended, what it did (Details) and what a
/// resumed run or a failback needs from it (State: the fenced Deployments' replicas, the Redis lag at promotion,
/// the backup restored). Plain properties so it survives JSON.
/// </summary>
public sealed class FailoverStep
{
    public FailoverStepName Name { get; set; }

    public FailoverStepStatus Status { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public TimeSpan? Duration { get; set; }

    public List<string> Details { get; set; } = [];

    /// <summary>The stable error id when the step failed.</summary>
    public string? ErrorId { get; set; }

    public string? Message { get; set; }

    public Dictionary<string, string> State { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Set by the engine while the step runs: writes the State so far to the journal (never serialized).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal Func<CancellationToken, Task>? Checkpoint { get; set; }

    /// <summary>
    /// Journals what the step has recorded so far, before an action that cannot be repeated or measured again (a
    /// promotion: the lag it had is gone afterwards), so a run killed right after it still knows.
    /// </summary>
    internal Task SaveAsync(CancellationToken ct) => Checkpoint?.Invoke(ct) ?? Task.CompletedTask;

    public override string ToString() => $"{Name}: {Status}";
}
