namespace PubSec.Dr;

/// <summary>A region's verdict: Ready when every check passed, Degraded when the worst is a Warning, NotReady when any failed.</summary>
public enum ReadinessVerdict
{
    Ready,
    Degraded,
    NotReady,
}
