namespace PubSec.Dr;

public enum RetentionAction
{
    Keep,
    Delete,
}
