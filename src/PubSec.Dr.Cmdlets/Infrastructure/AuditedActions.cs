using System.Management.Automation;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// The actions approved (ShouldProcess answered yes) and the first error emitted during one processing phase of a
/// cmdlet: what its audit record says was done. Filled from the worker thread, taken on the pipeline thread.
/// </summary>
internal sealed class AuditedActions
{
    private readonly object _gate = new();
    private readonly List<(string Target, string Action)> _approved = [];
    private string? _errorId;

    public sealed record Summary(string Target, string Action, string? ErrorId);

    public void Approved(string target, string action)
    {
        lock (_gate)
        {
            _approved.Add((target, action));
        }
    }

    public void Failed(ErrorRecord record)
    {
        lock (_gate)
        {
            _errorId ??= record.FullyQualifiedErrorId?.Split(',')[0];
        }
    }

    /// <summary>The phase's summary (null when nothing was approved, e.g. under -WhatIf), and a fresh start for the next phase.</summary>
    public Summary? Take()
    {
        lock (_gate)
        {
            try
            {
                return _approved.Count == 0 ? null : new Summary(
                    string.Join("; ", _approved.Select(a => a.Target).Distinct(StringComparer.Ordinal)),
                    string.Join("; ", _approved.Select(a => a.Action).Distinct(StringComparer.Ordinal)),
                    _errorId);
            }
            finally
            {
                _approved.Clear();
                _errorId = null;
            }
        }
    }
}
