using PubSec.Dr.Operations;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>An operation log that keeps the warnings, so a test can assert what the operator is told.</summary>
internal sealed class WarningLog : IOperationLog
{
    public List<string> Warnings { get; } = [];

    public void Verbose(string message)
    {
    }

    public void Warning(string message) => Warnings.Add(message);
}
