namespace PubSec.Dr.Readiness;

/// <summary>
/// One independent piece of a readiness check that runs under its own timeout and yields one or more checks
/// (a Kubernetes probe yields the nodes and every workload). When it does not finish in time, or throws, it
/// yields one Failed check under <see cref="Name"/> instead.
/// </summary>
internal sealed record ReadinessProbe(string Name, ReadinessCategory Category, string Expected, Func<CancellationToken, Task<IReadOnlyList<ReadinessCheck>>> Run);
