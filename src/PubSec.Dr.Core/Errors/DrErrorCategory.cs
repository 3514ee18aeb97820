namespace PubSec.Dr.Errors;

/// <summary>
/// What kind of failure an engine error is. The cmdlet layer maps these onto PowerShell's
/// ErrorCategory; the engine keeps its own enum so it never references System.Management.Automation.
/// </summary>
public enum DrErrorCategory
{
    InvalidArgument,
    ObjectNotFound,
    AuthenticationError,
    PermissionDenied,
    ResourceExists,
    OperationTimeout,
    ConnectionError,
    InvalidData,
    InvalidResult,
    NotImplemented,
    OperationStopped,
    WriteError,
    ReadError,
    SecurityError,
    ResourceBusy,
}
