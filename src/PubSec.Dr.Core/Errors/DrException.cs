namespace PubSec.Dr.Errors;

/// <summary>
/// The one exception type the engine throws for an expected failure. It carries a stable error id
/// (the first part of FullyQualifiedErrorId that scripts match on) and an action for the operator.
/// Message, action and a string target are masked (<see cref="SecretMask"/>): an error that quotes what the
/// operator typed must not quote a password or key typed with it.
/// </summary>
public sealed class DrException : Exception
{
    public DrException(string errorId, DrErrorCategory category, string message, string recommendedAction,
        object? target = null, Exception? inner = null)
        : base(SecretMask.Apply(message), inner)
    {
        ErrorId = errorId;
        Category = category;
        RecommendedAction = SecretMask.Apply(recommendedAction);
        Target = SecretMask.ApplyTo(target);
    }

    public string ErrorId { get; }

    public DrErrorCategory Category { get; }

    public string RecommendedAction { get; }

    public object? Target { get; }
}
