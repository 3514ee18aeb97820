using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PubSec.Dr.Lab.Tests.Application;

/// <summary>A Redis stand-in that knows AUTH and PING, enough for the application stub's readiness check; Stop closes its port.</summary>
public sealed class FakeRedis : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private int _disposed;

    public FakeRedis(string password)
    {
        Password = password;
        _listener.Start();
        Endpoint = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accept = AcceptAsync();
    }

    public string Password { get; }

    public string Endpoint { get; }

    /// <summary>Stops listening; safe to call twice (a test stops Redis, the lab's dispose stops it again).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accept;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var authenticated = false;
            try
            {
                while (await reader.ReadLineAsync(_stop.Token) is { } header && header.StartsWith('*'))
                {
                    var parts = new List<string>();
                    for (var i = 0; i < int.Parse(header[1..]); i++)
                    {
                        await reader.ReadLineAsync(_stop.Token);
                        parts.Add(await reader.ReadLineAsync(_stop.Token) ?? "");
                    }

                    if (parts[0].Equals("AUTH", StringComparison.OrdinalIgnoreCase))
                    {
                        authenticated = parts.Count == 2 && parts[1] == Password;
                    }

                    var answer = parts[0].ToUpperInvariant() switch
                    {
                        "AUTH" when authenticated => "+OK",
                        "AUTH" => "-WRONGPASS invalid username-password pair or user is disabled.",
                        "PING" when authenticated => "+PONG",
                        _ => "-NOAUTH Authentication required.",
                    };
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(answer + "\r\n"), _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The stub hung up or the fake stopped.
            }
        }
    }
}
