namespace PubSec.Dr;

public enum IntegrityVerdict
{
    Passed,
    Failed,
}
