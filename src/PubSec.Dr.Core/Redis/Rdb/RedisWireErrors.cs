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
        ErrorIds.RedisTimeout, DrErrorCategory.OperationTimeout,
        $"Redis at {endpoint.Display} did not answer within {Network.DeadlineExceededException.Seconds(timeout)} s while {doing}.",
        "Check that the host and port are the server's, that it runs and is not paused or overloaded (a long fork for BGSAVE on a large dataset is normal), then try again; raise -ConnectTimeout or -RequestTimeout for a slow link.",
        endpoint.Display);

    /// <summary>rediss:// against a server that does not speak TLS on that port (a plain Redis never answers the handshake).</summary>
    public static DrException TlsFailed(RedisEndpoint endpoint, string why, bool timedOut, Exception? inner = null) => new(
        ErrorIds.RedisTlsHandshakeFailed, timedOut ? DrErrorCategory.OperationTimeout : DrErrorCategory.ConnectionError,
        $"Redis at {endpoint.Display}: the TLS handshake failed ({why}).",
        "The endpoint says rediss://, so TLS is expected. If the server does not use TLS on this port, give redis://host:port (or host:port); "
        + "otherwise check the port and that the server's certificate is valid for this host name and trusted here.",
        endpoint.Display, inner);

    /// <summary>The server answered something that is not RESP: the port belongs to another service (HTTP, Qdrant) or speaks TLS.</summary>
    public static DrException NotRedis(RedisEndpoint endpoint, string doing, string reply) => new(
        ErrorIds.RedisEndpointNotRedis, DrErrorCategory.InvalidResult,
        $"Redis at {endpoint.Display}: the server answered '{reply}' while {doing}, which is not the Redis protocol. This port is not a Redis server.",
        "Check the port (Redis listens on 6379 by default); if the server requires TLS, give rediss://host:port.",
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
