using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using PubSec.Dr.Network;

namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// A minimal RESP connection over TCP (TLS for rediss://). The replication protocol hands a raw byte stream
/// (the RDB) after a reply line, which a multiplexing client cannot give, so the RDB backup and the
/// replication check speak RESP themselves: one login path, and every read has an idle deadline so a paused
/// or dead server ends in RedisUnreachable instead of a hang.
/// </summary>
internal sealed class RedisWireConnection : IAsyncDisposable
{
    private const int BufferSize = 1 << 16;
    private const int MaxBulkBytes = 16 << 20;
    private readonly RedisEndpoint _endpoint;
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    private RedisWireConnection(RedisEndpoint endpoint, TcpClient tcp, Stream stream, TimeSpan idleTimeout)
    {
        _endpoint = endpoint;
        _tcp = tcp;
        _stream = stream;
        IdleTimeout = idleTimeout;
    }

    public RedisEndpoint Endpoint => _endpoint;

    /// <summary>How long one read may wait for the server before the connection counts as dead.</summary>
    public TimeSpan IdleTimeout { get; set; }

    /// <summary>Connects, negotiates TLS, and logs in, each within <paramref name="timeout"/>; each later read too.</summary>
    public static Task<RedisWireConnection> OpenAsync(RedisEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        OpenAsync(endpoint, new NetworkDeadlines(timeout, timeout), cancellationToken);

    /// <summary>With the endpoint's own deadlines.</summary>
    public static Task<RedisWireConnection> OpenAsync(RedisEndpoint endpoint, CancellationToken cancellationToken) =>
        OpenAsync(endpoint, endpoint.Deadlines, cancellationToken);

    /// <summary>
    /// Connects, negotiates TLS when asked, logs in (AUTH) when a password is set, and checks with PING that the
    /// server speaks RESP at all, all within the connect deadline; later reads wait up to the request deadline.
    /// So a port that is not Redis, a plain server behind rediss:// and a server that never answers each fail
    /// at once with their own error instead of later, or never.
    /// </summary>
    public static async Task<RedisWireConnection> OpenAsync(RedisEndpoint endpoint, NetworkDeadlines deadlines, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(deadlines.Connect);
                try
                {
                    await tcp.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw RedisWireErrors.TimedOut(endpoint, "connecting", deadlines.Connect);
                }
                catch (SocketException ex)
                {
                    throw RedisWireErrors.Unreachable(endpoint, $"cannot connect: {ex.Message}", ex);
                }
            }

            Stream stream = tcp.GetStream();
            if (endpoint.Tls)
            {
                stream = await StartTlsAsync(endpoint, stream, deadlines.Connect, cancellationToken).ConfigureAwait(false);
            }

            var connection = new RedisWireConnection(endpoint, tcp, stream, deadlines.Connect);
            try
            {
                if (endpoint.Password is not null)
                {
                    var login = endpoint.User is null ? new[] { "AUTH", endpoint.Password } : ["AUTH", endpoint.User, endpoint.Password];
                    var reply = await connection.CommandAsync(login, "logging in", cancellationToken).ConfigureAwait(false);
                    if (reply.IsError)
                    {
                        throw RedisWireErrors.FromReply(endpoint, "Logging in to", reply.Text ?? string.Empty);
                    }
                }

                // Any RESP answer (PONG, or an error such as NOAUTH that the first real command reports) proves a Redis
                // server; an HTTP server, a TLS port or a silent one fails here.
                await connection.CommandAsync(["PING"], "checking that it is a Redis server (PING)", cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            connection.IdleTimeout = deadlines.Request;
            return connection;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>INFO, parsed; an error reply (NOAUTH, NOPERM) becomes its DrException.</summary>
    public async Task<RedisServerInfo> InfoAsync(string? section, CancellationToken cancellationToken)
    {
        var reply = await CommandAsync(section is null ? ["INFO"] : ["INFO", section], "reading INFO", cancellationToken).ConfigureAwait(false);
        return reply.IsError
            ? throw RedisWireErrors.FromReply(_endpoint, "Reading INFO from", reply.Text ?? string.Empty)
            : RedisServerInfo.Parse(reply.Text ?? string.Empty);
    }

    /// <summary>Sends one command and reads its reply (simple, error, integer or bulk).</summary>
    public async Task<RespReply> CommandAsync(IReadOnlyList<string> arguments, string doing, CancellationToken cancellationToken)
    {
        await SendAsync(arguments, doing, cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(doing, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAsync(IReadOnlyList<string> arguments, string doing, CancellationToken cancellationToken)
    {
        var text = new StringBuilder().Append('*').Append(arguments.Count).Append("\r\n");
        foreach (var argument in arguments)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }

        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw RedisWireErrors.Unreachable(_endpoint, $"the connection broke while {doing}: {ex.Message}", ex);
        }
    }

    public async Task<RespReply> ReadReplyAsync(string doing, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(skipKeepalives: false, doing, cancellationToken).ConfigureAwait(false);
        if (line.Length == 0 || line[0] is not ('+' or '-' or ':' or '$'))
        {
            throw Unexpected(line, doing);
        }

        if (line[0] != '$')
        {
            return new RespReply(line[0], line[1..]);
        }

        var length = ParseLength(line, doing);
        if (length < 0)
        {
            return new RespReply('$', null);
        }

        if (length > MaxBulkBytes)
        {
            throw Unexpected($"a {length}-byte reply", doing);
        }

        var body = new byte[length + 2];
        await ReadExactlyAsync(body, doing, cancellationToken).ConfigureAwait(false);
        return new RespReply('$', Encoding.UTF8.GetString(body, 0, (int)length));
    }

    /// <summary>
    /// One reply line without its CRLF. With <paramref name="skipKeepalives"/>, the bare newlines a primary sends
    /// while it prepares an RDB are skipped, as a replica does.
    /// </summary>
    public async Task<string> ReadLineAsync(bool skipKeepalives, string doing, CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r')
                {
                    length--;
                }

                var line = Encoding.UTF8.GetString(_buffer, _start, length);
                _start = newline + 1;
                if (line.Length == 0 && skipKeepalives)
                {
                    continue;
                }

                return line;
            }

            if (_start == 0 && _end == _buffer.Length)
            {
                throw Unexpected("a reply line longer than 64 KiB", doing);
            }

            Compact();
            var read = await ReadNetworkAsync(_buffer.AsMemory(_end), doing, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw RedisWireErrors.Unreachable(_endpoint, $"the server closed the connection while {doing}.");
            }

            _end += read;
        }
    }

    /// <summary>Raw bytes after the last reply line: what is buffered first, then straight from the network; 0 at end of stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, string doing, CancellationToken cancellationToken)
    {
        if (_end > _start)
        {
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, count).CopyTo(destination);
            _start += count;
            return count;
        }

        return await ReadNetworkAsync(destination, doing, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _tcp.Dispose();
    }

    public static long ParseLength(string line, string doing, RedisEndpoint endpoint) =>
        long.TryParse(line.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw RedisWireErrors.Unreachable(endpoint, $"unexpected reply while {doing}: '{Shorten(line)}'.");

    private long ParseLength(string line, string doing) => ParseLength(line, doing, _endpoint);

    private async Task ReadExactlyAsync(Memory<byte> destination, string doing, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            var read = await ReadAsync(destination, doing, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw RedisWireErrors.Unreachable(_endpoint, $"the server closed the connection while {doing}.");
            }

            destination = destination[read..];
        }
    }

    private async ValueTask<int> ReadNetworkAsync(Memory<byte> destination, string doing, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(IdleTimeout);
        try
        {
            return await _stream.ReadAsync(destination, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw RedisWireErrors.TimedOut(_endpoint, doing, IdleTimeout);
        }
        catch (IOException ex)
        {
            throw RedisWireErrors.Unreachable(_endpoint, $"the connection broke while {doing}: {ex.Message}", ex);
        }
    }

    private void Compact()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
    }

    private Exception Unexpected(string what, string doing) => RedisWireErrors.NotRedis(_endpoint, doing, Shorten(what));

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "..." : text;

    private static async Task<Stream> StartTlsAsync(RedisEndpoint endpoint, Stream inner, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.Host }, deadline.Token).ConfigureAwait(false);
            return tls;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw RedisWireErrors.TlsFailed(endpoint, $"no TLS handshake within {DeadlineExceededException.Seconds(timeout)} s", timedOut: true);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw RedisWireErrors.TlsFailed(endpoint, ex.Message, timedOut: false, ex);
        }
    }
}
