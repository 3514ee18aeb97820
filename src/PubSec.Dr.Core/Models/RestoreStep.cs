namespace PubSec.Dr;

/// <summary>One timed step of a restore, kept for the drill record whatever its outcome.</summary>
public sealed class RestoreStep
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Succeeded, Failed, Cancelled or Skipped.</summary>
    public string Status { get; set; } = string.Empty;

    public DateTime StartedAt { get; set; }

    public DateTime CompletedAt { get; set; }

    public TimeSpan Duration => CompletedAt - StartedAt;

    public string Detail { get; set; } = string.Empty;
}
