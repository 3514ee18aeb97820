namespace PubSec.Dr.Failover;

/// <summary>
/// The journal of one failover (environment, from, to): its steps as they change and the lease of the run that
/// owns it. Written after every change, so a killed or failed run is continued where it stopped.
/// </summary>
public sealed class FailoverJournal
{
    public string Environment { get; set; } = string.Empty;

    public string From { get; set; } = string.Empty;

    public string To { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? OutageStartedAt { get; set; }

    public FailoverLease? Lease { get; set; }

    public List<FailoverStep> Steps { get; set; } = [];

    /// <summary>A fresh journal: every step NotStarted.</summary>
    public static FailoverJournal Start(string environment, string from, string to, DateTimeOffset now, DateTimeOffset? outage) => new()
    {
        Environment = environment, From = from, To = to, StartedAt = now, OutageStartedAt = outage,
        Steps = [.. Enum.GetValues<FailoverStepName>().Select(name => new FailoverStep { Name = name })],
    };

    public bool IsComplete => Steps.Count > 0 && Steps.All(s => s.Status is FailoverStepStatus.Succeeded or FailoverStepStatus.Skipped);

    public FailoverStep Step(FailoverStepName name) => Steps.First(s => s.Name == name);
}

/// <summary>Who runs a failover now, until when. A run renews it while it works; an expired lease is free.</summary>
public sealed record FailoverLease(string Owner, DateTimeOffset ExpiresAt);
