using System.Management.Automation;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>The error for a cmdlet that had to ask for confirmation where nobody can answer.</summary>
internal static class ConfirmationRequired
{
    public static ErrorRecord Record(string command, string target, string action, Exception cause)
    {
        var message = $"{command} must ask before it goes on (\"{action}\" on \"{target}\"), but this session cannot prompt "
            + "(pwsh -NonInteractive, a scheduled job or a runbook). Nothing was changed by this step.";
        return new ErrorRecord(new InvalidOperationException(message, cause), ErrorIds.ConfirmationRequired, ErrorCategory.InvalidOperation, target)
        {
            ErrorDetails = new ErrorDetails(message)
            {
                RecommendedAction = "Check what it would do with -WhatIf, then add -Confirm:$false to run it unattended, or run it in an interactive session.",
            },
        };
    }
}

/// <summary>
/// Carries ConfirmationRequired from the pipeline thread through the worker to <see cref="AsyncPSCmdlet"/>, which
/// turns it into a terminating error. Not a DrException on purpose: the per-item handlers that catch those must not
/// turn "cannot ask" into one failed item and go on asking for the next.
/// </summary>
internal sealed class ConfirmationRequiredException(ErrorRecord record) : Exception(record.Exception.Message, record.Exception)
{
    public ErrorRecord ErrorRecord { get; } = record;
}
