namespace PubSec.Dr;

/// <summary>What part of a region a readiness check looks at; -Skip leaves out whole categories.</summary>
public enum ReadinessCategory
{
    Kubernetes,
    Qdrant,
    Redis,
    Backup,
    Application,
}
