namespace PubSec.Dr;

/// <summary>Where one failover step stands; a resumed run starts at the first step that is neither Succeeded nor Skipped.</summary>
public enum FailoverStepStatus
{
    NotStarted,
    Running,
    Succeeded,
    Failed,
    Skipped,
}
