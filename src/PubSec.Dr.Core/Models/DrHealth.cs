namespace PubSec.Dr;

/// <summary>Get-DrStatus' judgement of one value against its objective; ordered so the worst is the largest.</summary>
public enum DrHealth
{
    OK,
    WARN,
    FAIL,
}
