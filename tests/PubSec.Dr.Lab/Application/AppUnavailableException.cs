namespace PubSec.Dr.Lab.Application;

/// <summary>A dependency of the application (Qdrant, Redis, the collection) is missing: the route answers 503 with these reasons.</summary>
internal sealed class AppUnavailableException(IReadOnlyList<string> failing)
    : Exception(string.Join("; ", failing))
{
    public IReadOnlyList<string> Failing { get; } = failing;
}
