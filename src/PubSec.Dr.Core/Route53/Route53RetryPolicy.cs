namespace PubSec.Dr.Route53;

/// <summary>
/// Exponential back-off with full jitter (AWS's recommendation): attempt n waits a random time up to
/// min(MaxDelay, BaseDelay * 2^n), so several operators retrying at once do not hit the rate limit together.
/// </summary>
public sealed class Route53RetryPolicy
{
    public static Route53RetryPolicy Default { get; } = new();

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait itself; tests replace it to run without sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    public TimeSpan DelayBefore(int retry)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 20)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
