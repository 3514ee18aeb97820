using System.Net.Sockets;
using Azure;
using Azure.Identity;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// Maps Azure SDK failures to the store's stable error ids. Messages name the store by its display form and
/// never quote the SDK's message for credential failures (it may echo a connection string or SAS).
/// </summary>
internal static class AzureStoreErrors
{
    public static DrException Map(Exception error, string location, string? key = null)
    {
        // After its retries the SDK throws every attempt's failure in one AggregateException; the last one tells.
        if (error is AggregateException { InnerExceptions.Count: > 0 } all)
        {
            error = all.InnerExceptions[^1];
        }

        var target = (object?)key ?? location;
        var what = key is null ? $"the backup store {location}" : $"'{key}' in the backup store {location}";
        return error switch
        {
            DrException dr => dr,
            CredentialUnavailableException or AuthenticationFailedException => new DrException(
                ErrorIds.StoreCredentialsMissing, DrErrorCategory.AuthenticationError,
                $"No Azure credential could sign in to {what}.",
                "Give the store a SAS URL or a connection string (AZURE_STORAGE_CONNECTION_STRING), or assign a managed "
                + "identity (Azure Automation) or workload identity (AKS) with the Storage Blob Data Contributor role.",
                target, Scrubbed(error)),
            RequestFailedException { ErrorCode: "ContainerNotFound" } => new DrException(
                ErrorIds.StoreNotFound, DrErrorCategory.ObjectNotFound,
                $"The container of {what} does not exist.",
                "Check the container name and the storage account, or create the container first.", target, Scrubbed(error)),
            RequestFailedException { ErrorCode: "BlobNotFound" } => new DrException(
                ErrorIds.StoreObjectNotFound, DrErrorCategory.ObjectNotFound,
                $"The object {what} does not exist.",
                "Check that the store location is right and that the backup was not deleted or moved.", target, Scrubbed(error)),
            RequestFailedException { Status: 401 or 403 } failed => new DrException(
                ErrorIds.StoreAccessDenied, DrErrorCategory.PermissionDenied,
                $"Azure refused access to {what} ({failed.ErrorCode ?? failed.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}).",
                "Check that the SAS or key is valid and not expired, and that the identity has the Storage Blob Data "
                + "Contributor role on the container (and that the storage firewall admits this network).", target, Scrubbed(error)),
            _ when IsTimeout(error) => new DrException(
                ErrorIds.StoreTimeout, DrErrorCategory.OperationTimeout,
                $"Azure Blob Storage did not answer a request for {what} in time (every try ran out of its deadline).",
                "Check the account name or endpoint, DNS and network path (private endpoint, proxy, firewall); for a store "
                + "that is only slow, raise -RequestTimeout (or -ConnectTimeout) of New-DrBackupStore.", target, Scrubbed(error)),
            RequestFailedException { Status: 0 } or HttpRequestException or SocketException or IOException => new DrException(
                ErrorIds.StoreUnreachable, DrErrorCategory.ConnectionError,
                $"Could not connect to {what}.",
                "Check the account name or endpoint, DNS and network path (private endpoint, proxy, firewall), then try again.",
                target, Scrubbed(error)),
            RequestFailedException failed => new DrException(
                ErrorIds.StoreRequestFailed, DrErrorCategory.InvalidResult,
                $"Azure Blob Storage failed a request for {what}: HTTP {failed.Status} {failed.ErrorCode}.",
                "Try again; if it persists, check the storage account's health and the request limits.", target, Scrubbed(error)),
            _ => new DrException(
                ErrorIds.StoreRequestFailed, DrErrorCategory.InvalidResult,
                $"A request to {what} failed: {error.GetType().Name}.",
                "Try again; if it persists, run with -Verbose and report the error.", target, Scrubbed(error)),
        };
    }

    /// <summary>
    /// True for what the store maps. A cancellation the caller did not ask for is the SDK's network timeout;
    /// the caller's own cancellation and programming errors pass through unchanged.
    /// </summary>
    public static bool IsStoreFailure(Exception error, CancellationToken cancellationToken) =>
        error is RequestFailedException or CredentialUnavailableException or AuthenticationFailedException
            or HttpRequestException or SocketException or IOException or AggregateException
        || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>A request or connect deadline ran out: the SDK's NetworkTimeout cancels, the handler's ConnectTimeout times out.</summary>
    private static bool IsTimeout(Exception error) =>
        error is OperationCanceledException || ExceptionChain.Find<TimeoutException>(error) is not null;

    // SDK messages carry request URLs (with any SAS signature) and headers; keep only the type and status.
    private static Exception Scrubbed(Exception error) => error switch
    {
        RequestFailedException failed => new InvalidOperationException(
            $"{nameof(RequestFailedException)}: HTTP {failed.Status} {failed.ErrorCode}".TrimEnd()),
        _ => new InvalidOperationException(error.GetType().Name),
    };
}
