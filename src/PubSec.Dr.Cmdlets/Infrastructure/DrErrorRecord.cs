using System.Management.Automation;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>Builds ErrorRecords from engine errors: stable id, meaningful category, target, and what to do.</summary>
internal static class DrErrorRecord
{
    public static ErrorRecord From(DrException ex, object? target = null)
    {
        var record = new ErrorRecord(ex, ex.ErrorId, Map(ex.Category), target ?? ex.Target)
        {
            ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction },
        };
        return record;
    }

    public static ErrorRecord Create(string errorId, ErrorCategory category, string message, string action, object? target) =>
        new(new InvalidOperationException(message), errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = action },
        };

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
        DrErrorCategory.ResourceBusy => ErrorCategory.ResourceBusy,
        _ => ErrorCategory.NotSpecified,
    };
}
