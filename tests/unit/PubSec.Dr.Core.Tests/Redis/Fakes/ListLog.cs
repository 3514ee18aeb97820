using PubSec.Dr.Operations;

namespace PubSec.Dr.Tests.Redis.Fakes;

/// <summary>Keeps what an engine narrates, so a test can see the warnings it gave.</summary>
internal sealed class ListLog : IOperationLog
{
    public List<string> Verbose { get; } = [];

    public List<string> Warnings { get; } = [];

    void IOperationLog.Verbose(string message) => Verbose.Add(message);

    public void Warning(string message) => Warnings.Add(message);
}
