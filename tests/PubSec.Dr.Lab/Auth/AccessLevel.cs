namespace PubSec.Dr.Lab.Auth;

/// <summary>What a presented credential allows.</summary>
internal enum AccessLevel
{
    MissingKey,
    InvalidKey,
    ReadOnly,
    Manage,
}
