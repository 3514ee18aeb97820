namespace PubSec.Dr.Errors;

/// <summary>
/// The one exception type the engine throws for an expected failure. It carries a stable error id
/// (the first part of FullyQualifiedErrorId that scripts match on) and an action for the operator.
/// </summary>
public sealed class DrException : Exception
{
    public DrException(string errorId, DrErrorCategory category, string message, string recommendedAction,
        object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
        RecommendedAction = recommendedAction;
        Target = target;
    }

    public string ErrorId { get; }

    public DrErrorCategory Category { get; }

    public string RecommendedAction { get; }

    public object? Target { get; }
}
