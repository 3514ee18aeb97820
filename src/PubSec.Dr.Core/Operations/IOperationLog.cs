namespace PubSec.Dr.Operations;

/// <summary>Where the engine narrates what it does; the cmdlet layer maps it to Write-Verbose / Write-Warning.</summary>
public interface IOperationLog
{
    void Verbose(string message);

    void Warning(string message);
}

/// <summary>A log that discards everything, for callers that do not listen.</summary>
public sealed class NullOperationLog : IOperationLog
{
    public static NullOperationLog Instance { get; } = new();

    public void Verbose(string message)
    {
    }

    public void Warning(string message)
    {
    }
}
