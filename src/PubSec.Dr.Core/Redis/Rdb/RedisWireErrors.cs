using PubSec.Dr.Errors;

namespace PubSec.Dr.Redis.Rdb;

/// <summary>Stable error ids for what the raw RESP connection meets; messages name host:port, never the password.</summary>
internal static class RedisWireErrors
{
    public static DrException Unreachable(RedisEndpoint endpoint, string what, Exception? inner = null) => new(
        ErrorIds.RedisUnreachable, DrErrorCategory.ConnectionError,
        $"Redis at {endpoint.Display}: {what}",
        "Check the host and port, that the server runs, TLS (rediss://) and network access (a port-forward may be needed).",
        endpoint.Display, inner);

    public static DrException TimedOut(RedisEndpoint endpoint, string doing, TimeSpan timeout) => new(
        ErrorIds.RedisUnreachable, DrErrorCategory.OperationTimeout,
        $"Redis at {endpoint.Display} did not answer within {timeout.TotalSeconds:0} s while {doing}.",
        "Check that the server runs and is not paused or overloaded (a long fork for BGSAVE on a large dataset is normal), then try again.",
        endpoint.Display);

    /// <summary>The error for an error reply; <paramref name="refusedAction"/> says what to do when a command is not allowed.</summary>
    public static DrException FromReply(RedisEndpoint endpoint, string doing, string error, string? refusedAction = null)
    {
        if (IsAuthentication(error))
        {
            return new DrException(ErrorIds.RedisAuthenticationFailed, DrErrorCategory.AuthenticationError,
                $"{doing} Redis at {endpoint.Display} failed: the server refused the credentials.",
                "Pass the server's password with -Password (and -User for an ACL user).", endpoint.Display);
        }

        if (error.Contains("unknown command", StringComparison.OrdinalIgnoreCase) || error.StartsWith("NOPERM", StringComparison.OrdinalIgnoreCase)
            || error.Contains("not allowed", StringComparison.OrdinalIgnoreCase))
        {
            return new DrException(ErrorIds.RedisCommandRefused, DrErrorCategory.PermissionDenied,
                $"{doing} Redis at {endpoint.Display} failed: the server refused the command ({error}).",
                refusedAction ?? "Grant the ACL user the command, or use a mode that does not need it.", endpoint.Display);
        }

        return new DrException(ErrorIds.RedisRequestFailed, DrErrorCategory.InvalidResult,
            $"{doing} Redis at {endpoint.Display} failed: {error}",
            "Check the server's log and state (INFO), then run the command again.", endpoint.Display);
    }

    private static bool IsAuthentication(string error) =>
        error.StartsWith("NOAUTH", StringComparison.OrdinalIgnoreCase) || error.StartsWith("WRONGPASS", StringComparison.OrdinalIgnoreCase)
        || error.Contains("invalid password", StringComparison.OrdinalIgnoreCase) || error.Contains("without any password configured", StringComparison.OrdinalIgnoreCase)
        || error.Contains("invalid username-password", StringComparison.OrdinalIgnoreCase);
}
