namespace PubSec.Dr;

/// <summary>What Test-DrService asks the service through its public name: liveness, readiness, and a real query.</summary>
public enum ServiceCheck
{
    Health,
    Ready,
    Query,
}
