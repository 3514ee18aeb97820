namespace PubSec.Dr.Kubernetes;

/// <summary>One pod of a workload: Ready means its Ready condition is True; Terminating means it has a deletionTimestamp.</summary>
public sealed record WorkloadPod(string Name, bool Ready, bool Terminating);
