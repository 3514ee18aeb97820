namespace PubSec.Dr;

/// <summary>A drill passes only when every success criterion of the plan (3.1) holds.</summary>
public enum DrillVerdict
{
    Passed,
    Failed,
}
