using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Redis.Rdb;
using StackExchange.Redis;

namespace PubSec.Dr.Redis.Client;

/// <summary>
/// Opens StackExchange.Redis connections and turns their failures into the module's stable error ids. Only the
/// backend factory connects; engines get an <see cref="IRedisServer"/> from it.
/// </summary>
public static class RedisConnections
{
    /// <summary>
    /// Connects with the endpoint's deadlines (or <paramref name="timeout"/> for both). StackExchange.Redis reports
    /// every failure to connect alike (a refused port, a server that never answers, TLS against a plain server, a
    /// port that is not Redis) as "UnableToConnect ... use abortConnect=false", advice for its own configuration;
    /// so the module's own RESP connection goes first, says which it is, and is closed again.
    /// </summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(RedisEndpoint endpoint, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var deadlines = timeout is { } both ? new NetworkDeadlines(both, both) : endpoint.Deadlines;
        await using (await RedisWireConnection.OpenAsync(endpoint, deadlines, cancellationToken).ConfigureAwait(false))
        {
        }

        try
        {
            var options = timeout is { } t ? endpoint.ToOptions(t) : endpoint.ToOptions();
            return await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisConnectionException or TimeoutException)
        {
            throw Map(ex, endpoint, "Connecting to");
        }
    }

    /// <summary>The error for a server's error reply to one command of a pipeline (the text is what the server said).</summary>
    public static DrException MapReply(string error, RedisEndpoint endpoint, string doing) => FromText(error, endpoint, doing, null);

    /// <summary>
    /// The error for a failed call. Messages name the endpoint (host:port) and never the password; the server's
    /// own error text is kept because it says what was refused (e.g. "unknown command 'SYNC'").
    /// </summary>
    public static DrException Map(Exception ex, RedisEndpoint endpoint, string doing)
    {
        if (IsAuthentication(ex.Message))
        {
            return FromText(ex.Message, endpoint, doing, ex);
        }

        if (ex is RedisTimeoutException or TimeoutException)
        {
            return new DrException(ErrorIds.RedisTimeout, DrErrorCategory.OperationTimeout,
                $"{doing} Redis at {endpoint.Display} failed: no answer within {DeadlineExceededException.Seconds(endpoint.Deadlines.Request)} s.",
                "Check that the server runs and is not paused or overloaded, then try again; raise -RequestTimeout for a slow server or link.",
                endpoint.Display, ex);
        }

        if (ex is RedisConnectionException connection)
        {
            // Not ex.Message: StackExchange.Redis's text advises "abortConnect=false in your connection string", which
            // is about its own configuration and means nothing to someone running a cmdlet.
            return new DrException(ErrorIds.RedisUnreachable, DrErrorCategory.ConnectionError,
                $"{doing} Redis at {endpoint.Display} failed ({connection.FailureType}).",
                "Check the host and port, that the server runs, TLS (rediss:// only when the server uses TLS), the password, and network access (a port-forward may be needed).",
                endpoint.Display, ex);
        }

        return FromText(ex.Message, endpoint, doing, ex);
    }

    /// <summary>The error for what the server said: refused credentials, a refused command, or another failure.</summary>
    private static DrException FromText(string text, RedisEndpoint endpoint, string doing, Exception? inner)
    {
        if (IsAuthentication(text))
        {
            return new DrException(ErrorIds.RedisAuthenticationFailed, DrErrorCategory.AuthenticationError,
                $"{doing} Redis at {endpoint.Display} failed: the server refused the credentials.",
                "Pass the server's password with -Password (and -User for an ACL user).", endpoint.Display, inner);
        }

        if (text.Contains("unknown command", StringComparison.OrdinalIgnoreCase) || text.Contains("NOPERM", StringComparison.OrdinalIgnoreCase)
            || text.Contains("not allowed", StringComparison.OrdinalIgnoreCase))
        {
            return new DrException(ErrorIds.RedisCommandRefused, DrErrorCategory.PermissionDenied,
                $"{doing} Redis at {endpoint.Display} failed: the server refused a command ({FirstLine(text)}).",
                "Managed services disable some commands; use a mode that does not need them, or grant the ACL user the command.", endpoint.Display, inner);
        }

        return new DrException(ErrorIds.RedisRequestFailed, DrErrorCategory.InvalidResult,
            $"{doing} Redis at {endpoint.Display} failed: {FirstLine(text)}",
            "Check the server's log and state (INFO), then run the command again.", endpoint.Display, inner);
    }

    private static bool IsAuthentication(string text) =>
        text.Contains("NOAUTH", StringComparison.OrdinalIgnoreCase) || text.Contains("WRONGPASS", StringComparison.OrdinalIgnoreCase)
        || text.Contains("AuthenticationFailure", StringComparison.OrdinalIgnoreCase) || text.Contains("invalid password", StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
