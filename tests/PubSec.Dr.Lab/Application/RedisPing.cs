using System.Net.Sockets;
using System.Text;

namespace PubSec.Dr.Lab.Application;

/// <summary>
/// The readiness check a web app does against Redis: connect, AUTH (when a password is set), PING, expect PONG. A tiny
/// RESP exchange over one TCP connection, so the lab needs no Redis client library.
/// </summary>
internal static class RedisPing
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Null when Redis answered PONG, else why not (without the password).</summary>
    public static async Task<string?> CheckAsync(string endpoint, string? password, CancellationToken cancellationToken)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), out var port))
        {
            return $"redis {endpoint}: not a host:port";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint[..colon], port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8, false, 256, leaveOpen: true);
            if (!string.IsNullOrEmpty(password))
            {
                var auth = await SendAsync(stream, reader, timeout.Token, "AUTH", password).ConfigureAwait(false);
                if (auth != "+OK")
                {
                    return $"redis {endpoint}: AUTH refused ({auth})";
                }
            }

            var pong = await SendAsync(stream, reader, timeout.Token, "PING").ConfigureAwait(false);
            return pong == "+PONG" ? null : $"redis {endpoint}: PING answered {pong}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"redis {endpoint}: no answer within {Timeout.TotalSeconds} s";
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return $"redis {endpoint}: {ex.Message}";
        }
    }

    private static async Task<string> SendAsync(NetworkStream stream, StreamReader reader, CancellationToken cancellationToken, params string[] command)
    {
        var text = new StringBuilder($"*{command.Length}\r\n");
        foreach (var part in command)
        {
            text.Append(FormattableString.Invariant($"${Encoding.UTF8.GetByteCount(part)}\r\n")).Append(part).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
        return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "(connection closed)";
    }
}
