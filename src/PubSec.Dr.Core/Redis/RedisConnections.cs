using PubSec.Dr.Errors;
using StackExchange.Redis;

namespace PubSec.Dr.Redis;

/// <summary>Opens StackExchange.Redis connections and turns their failures into the module's stable error ids.</summary>
public static class RedisConnections
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<ConnectionMultiplexer> ConnectAsync(RedisEndpoint endpoint, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(endpoint.ToOptions(timeout ?? DefaultTimeout)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisConnectionException or TimeoutException)
        {
            throw Map(ex, endpoint, "Connecting to");
        }
    }

    /// <summary>INFO of the server, parsed.</summary>
    public static async Task<RedisServerInfo> InfoAsync(IServer server, RedisEndpoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            var text = (string?)await server.ExecuteAsync("INFO").WaitAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty;
            return RedisServerInfo.Parse(text);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw Map(ex, endpoint, "Reading INFO from");
        }
    }

    /// <summary>
    /// The error for a failed call. Messages name the endpoint (host:port) and never the password; the server's
    /// own error text is kept because it says what was refused (e.g. "unknown command 'SYNC'").
    /// </summary>
    public static DrException Map(Exception ex, RedisEndpoint endpoint, string doing)
    {
        var text = ex.Message;
        if (text.Contains("NOAUTH", StringComparison.OrdinalIgnoreCase) || text.Contains("WRONGPASS", StringComparison.OrdinalIgnoreCase)
            || text.Contains("AuthenticationFailure", StringComparison.OrdinalIgnoreCase) || text.Contains("invalid password", StringComparison.OrdinalIgnoreCase))
        {
            return new DrException(ErrorIds.RedisAuthenticationFailed, DrErrorCategory.AuthenticationError,
                $"{doing} Redis at {endpoint.Display} failed: the server refused the credentials.",
                "Pass the server's password with -Password (and -User for an ACL user).", endpoint.Display, ex);
        }

        if (ex is RedisConnectionException or TimeoutException or RedisTimeoutException)
        {
            return new DrException(ErrorIds.RedisUnreachable, DrErrorCategory.ConnectionError,
                $"{doing} Redis at {endpoint.Display} failed: {FirstLine(text)}",
                "Check the host and port, that the server runs, TLS (rediss://) and network access (a port-forward may be needed).", endpoint.Display, ex);
        }

        if (text.Contains("unknown command", StringComparison.OrdinalIgnoreCase) || text.Contains("NOPERM", StringComparison.OrdinalIgnoreCase)
            || text.Contains("not allowed", StringComparison.OrdinalIgnoreCase))
        {
            return new DrException(ErrorIds.RedisCommandRefused, DrErrorCategory.PermissionDenied,
                $"{doing} Redis at {endpoint.Display} failed: the server refused a command ({FirstLine(text)}).",
                "Managed services disable some commands; use a mode that does not need them, or grant the ACL user the command.", endpoint.Display, ex);
        }

        return new DrException(ErrorIds.RedisRequestFailed, DrErrorCategory.InvalidResult,
            $"{doing} Redis at {endpoint.Display} failed: {FirstLine(text)}",
            "Check the server's log and state (INFO), then run the command again.", endpoint.Display, ex);
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
