using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>
/// A TCP server on a free loopback port that accepts every connection and then never answers (nor reads, so a
/// sender's buffers fill up): the "server that hangs" every client must survive with a deadline. With
/// <see cref="StallAfter"/> it first sends those bytes (e.g. HTTP response headers and part of a body) and then
/// goes silent, which is how a download stalls in the middle.
/// </summary>
public sealed class BlackHoleServer : IDisposable
{
    /// <summary>The slack every timed test allows: a loaded 2-core machine is slow, but never this slow.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(45);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();

    public BlackHoleServer(byte[]? stallAfter = null, bool drainRequests = false)
    {
        StallAfter = stallAfter;
        DrainRequests = drainRequests;
        _listener.Start();
        _ = AcceptAsync();
    }

    public static BlackHoleServer StallingHttp(long contentLength, int bodyBytes) => new(Encoding.ASCII.GetBytes(
        $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {contentLength}\r\n\r\n")
        .Concat(new byte[bodyBytes]).ToArray(), drainRequests: true);

    public byte[]? StallAfter { get; }

    /// <summary>Reads (and drops) what clients send, so a request is fully sent before the silence.</summary>
    public bool DrainRequests { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri HttpUri => new($"http://127.0.0.1:{Port}/");

    public string HostPort => $"127.0.0.1:{Port}";

    /// <summary>Runs <paramref name="call"/>, which must fail within <see cref="Generous"/>; returns the failure.</summary>
    public static async Task<TException> FailsWithinAsync<TException>(Func<Task> call) where TException : Exception
    {
        var running = call();
        var finished = await Task.WhenAny(running, Task.Delay(Generous));
        Assert.True(finished == running, $"The call was still waiting after {Generous.TotalSeconds} s: no deadline ended it.");
        return await Assert.ThrowsAsync<TException>(() => running);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_accepted)
        {
            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_accepted)
            {
                _accepted.Add(socket);
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            if (StallAfter is { Length: > 0 } first)
            {
                if (DrainRequests)
                {
                    // Let the request headers arrive first, as a real server would.
                    await socket.ReceiveAsync(new byte[4096], SocketFlags.None, _stop.Token);
                }

                await socket.SendAsync(first, SocketFlags.None, _stop.Token);
            }

            if (DrainRequests)
            {
                var sink = new byte[1 << 16];
                while (await socket.ReceiveAsync(sink, SocketFlags.None, _stop.Token) > 0)
                {
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
