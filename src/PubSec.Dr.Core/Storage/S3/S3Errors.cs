using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;

namespace PubSec.Dr.Storage.S3;

/// <summary>
/// Maps SDK failures onto the store's stable error ids. Messages carry S3's error code and HTTP status, never a
/// request's headers or credentials, so they are safe to print.
/// </summary>
internal static class S3Errors
{
    private static readonly HashSet<string> AuthenticationCodes = new(StringComparer.Ordinal)
    {
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired",
        "InvalidSecurity", "RequestTimeTooSkewed",
    };

    /// <summary>True for a failure the caller should translate itself (e.g. NoSuchKey on a read).</summary>
    public static bool IsNotFound(Exception ex) =>
        ex is AmazonS3Exception s3 && (s3.ErrorCode is "NoSuchKey" || (s3.StatusCode == HttpStatusCode.NotFound && s3.ErrorCode is not "NoSuchBucket"));

    public static bool IsNoSuchUpload(Exception ex) => ex is AmazonS3Exception { ErrorCode: "NoSuchUpload" };

    /// <summary>
    /// Turns an SDK failure into a DrException, or returns null for what must pass through unchanged (the
    /// caller's own cancellation, DrExceptions already raised by this store).
    /// </summary>
    public static DrException? Map(Exception ex, string action, string store, CancellationToken cancellationToken)
    {
        if (ex is DrException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        if (Timeout(ex, action, store) is { } timedOut)
        {
            return timedOut;
        }

        if (ex is AmazonS3Exception s3)
        {
            var status = (int)s3.StatusCode;
            var what = $"{action} on the backup store {store} failed: S3 answered {s3.ErrorCode ?? "(no code)"} (HTTP {status})";
            if (s3.ErrorCode == "NoSuchBucket")
            {
                return new DrException(ErrorIds.StoreNotFound, DrErrorCategory.ObjectNotFound,
                    $"{what}: the bucket does not exist.",
                    "Check the bucket name, region and endpoint of -Store; create the bucket first if it is new.", store, ex);
            }

            if (AuthenticationCodes.Contains(s3.ErrorCode ?? string.Empty) || status == 401)
            {
                return new DrException(ErrorIds.StoreAccessDenied, DrErrorCategory.AuthenticationError,
                    $"{what}: the credentials were rejected.",
                    "Check the access key, secret, session token (it may have expired) and the machine's clock.", store, ex);
            }

            if (s3.ErrorCode == "AccessDenied" || status == 403)
            {
                return new DrException(ErrorIds.StoreAccessDenied, DrErrorCategory.PermissionDenied,
                    $"{what}: access is denied.",
                    "Grant the identity s3:GetObject, s3:PutObject, s3:ListBucket, s3:DeleteObject, s3:AbortMultipartUpload and s3:ListBucketMultipartUploads on the bucket (and KMS use if the bucket is encrypted).",
                    store, ex);
            }

            return new DrException(ErrorIds.StoreRequestFailed, DrErrorCategory.InvalidResult,
                $"{what}: {s3.Message}", "Retry; if it persists, check the bucket's configuration and S3's service health.", store, ex);
        }

        if (IsConnectionFailure(ex))
        {
            return new DrException(ErrorIds.StoreUnreachable, DrErrorCategory.ConnectionError,
                $"{action} on the backup store {store} failed: the S3 endpoint could not be reached ({ExceptionChain.Innermost(ex)!.Message}).",
                "Check the network path, proxy and DNS to S3 (or the -Endpoint / AWS_ENDPOINT_URL value), then retry.", store, ex);
        }

        if (ex is AmazonClientException && ex.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase))
        {
            return new DrException(ErrorIds.StoreCredentialsMissing, DrErrorCategory.AuthenticationError,
                $"{action} on the backup store {store} failed: no AWS credentials were found.",
                "Provide AWS credentials the usual way: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity (IRSA) or an instance role.",
                store, ex);
        }

        return new DrException(ErrorIds.StoreRequestFailed, DrErrorCategory.InvalidResult,
            $"{action} on the backup store {store} failed: {ex.GetType().Name}.",
            "Retry; if it persists, run with -Verbose and check the endpoint and the bucket's configuration.", store, ex);
    }

    /// <summary>
    /// StoreTimeout for a request deadline that ran out (DeadlineExceededException) or a connection attempt that
    /// did not complete within the connect deadline (the SDK's HttpClient reports it as a TimeoutException cause).
    /// </summary>
    public static DrException? Timeout(Exception ex, string action, string store)
    {
        var timeout = ExceptionChain.Find<TimeoutException>(ex);
        if (timeout is DeadlineExceededException deadline)
        {
            return new DrException(ErrorIds.StoreTimeout, DrErrorCategory.OperationTimeout,
                $"{action} on the backup store {store} failed: S3 sent nothing for {DeadlineExceededException.Seconds(deadline.Timeout)} s while {deadline.Doing}.",
                "Check the endpoint, the network path and S3's service health, then retry; for a store that is only slow, raise -RequestTimeout of New-DrBackupStore.",
                store, ex);
        }

        return timeout is null ? null : new DrException(ErrorIds.StoreTimeout, DrErrorCategory.OperationTimeout,
            $"{action} on the backup store {store} failed: no connection to the S3 endpoint within the connect deadline.",
            "Check the endpoint address, DNS, proxy and firewall; for a slow link, raise -ConnectTimeout of New-DrBackupStore.",
            store, ex);
    }

    private static bool IsConnectionFailure(Exception ex) => ExceptionChain.Of(ex).Any(e =>
        e is HttpRequestException or SocketException or IOException || (e is TaskCanceledException && e.InnerException is TimeoutException));
}
