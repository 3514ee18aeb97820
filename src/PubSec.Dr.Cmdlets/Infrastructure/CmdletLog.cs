using PubSec.Dr.Operations;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>Sends the engine's narration to Write-Verbose / Write-Warning through the async pump.</summary>
internal sealed class CmdletLog : IOperationLog
{
    private readonly Action<string> _verbose;
    private readonly Action<string> _warning;

    public CmdletLog(Action<string> verbose, Action<string> warning)
    {
        _verbose = verbose;
        _warning = warning;
    }

    public void Verbose(string message) => _verbose(message);

    public void Warning(string message) => _warning(message);
}
