using System.Management.Automation;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// Builds ErrorRecords from engine errors: stable id, meaningful category, target, and what to do. A target or
/// message a cmdlet passes in is masked like the engine's own (<see cref="SecretMask"/>), so a parameter value
/// the operator typed a secret into is not echoed in TargetObject or CategoryInfo.TargetName.
/// </summary>
internal static class DrErrorRecord
{
    public static ErrorRecord From(DrException ex, object? target = null)
    {
        var record = new ErrorRecord(ex, ex.ErrorId, Map(ex.Category), SecretMask.ApplyTo(target) ?? ex.Target)
        {
            ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction },
        };
        return record;
    }

    public static ErrorRecord Create(string errorId, ErrorCategory category, string message, string action, object? target)
    {
        message = SecretMask.Apply(message);
        return new(new InvalidOperationException(message), errorId, category, SecretMask.ApplyTo(target))
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = SecretMask.Apply(action) },
        };
    }

    private static ErrorCategory Map(DrErrorCategory category) => category switch
    {
        DrErrorCategory.InvalidArgument => ErrorCategory.InvalidArgument,
        DrErrorCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
        DrErrorCategory.AuthenticationError => ErrorCategory.AuthenticationError,
        DrErrorCategory.PermissionDenied => ErrorCategory.PermissionDenied,
        DrErrorCategory.ResourceExists => ErrorCategory.ResourceExists,
        DrErrorCategory.OperationTimeout => ErrorCategory.OperationTimeout,
        DrErrorCategory.ConnectionError => ErrorCategory.ConnectionError,
        DrErrorCategory.InvalidData => ErrorCategory.InvalidData,
        DrErrorCategory.InvalidResult => ErrorCategory.InvalidResult,
        DrErrorCategory.NotImplemented => ErrorCategory.NotImplemented,
        DrErrorCategory.OperationStopped => ErrorCategory.OperationStopped,
        DrErrorCategory.WriteError => ErrorCategory.WriteError,
        DrErrorCategory.ReadError => ErrorCategory.ReadError,
        DrErrorCategory.SecurityError => ErrorCategory.SecurityError,
        DrErrorCategory.ResourceBusy => ErrorCategory.ResourceBusy,
        _ => ErrorCategory.NotSpecified,
    };
}
