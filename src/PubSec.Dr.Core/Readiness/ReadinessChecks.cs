namespace PubSec.Dr.Readiness;

/// <summary>Short constructors for check objects, so probes read as their rules.</summary>
internal static class ReadinessChecks
{
    public static ReadinessCheck Make(ReadinessCategory category, string name, ReadinessStatus status, string expected, string observed,
        TimeSpan duration, string advice = "") => new()
        {
            Name = name,
            Category = category,
            Status = status,
            Expected = expected,
            Observed = observed,
            Duration = duration,
            Advice = status == ReadinessStatus.Passed ? string.Empty : advice,
        };

    public static IReadOnlyList<ReadinessCheck> One(ReadinessCheck check) => [check];
}
