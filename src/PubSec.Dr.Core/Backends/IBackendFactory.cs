namespace PubSec.Dr.Backends;

/// <summary>
/// Makes the connections the engines talk through: Qdrant nodes, Redis servers, Kubernetes workloads. Engines take
/// the interfaces this returns, never concrete clients, so xunit can drive them with fakes and failover and drills
/// can reuse them. Each backend declares its part of the factory in its own file (BackendFactory.*.cs).
/// </summary>
public partial interface IBackendFactory
{
}
