using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PubSec.Dr.Backends;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Client;
using StackExchange.Redis;

namespace PubSec.Dr.Tests.Redis.Compare;

/// <summary>
/// Two private redis-server processes (reference and difference) on free loopback ports, without persistence,
/// killed on dispose. redis-server is required: a missing binary fails the tests loudly rather than skipping them.
/// </summary>
public sealed class RedisServerPair : IAsyncLifetime
{
    private readonly List<Process> _processes = [];
    private readonly List<IAsyncDisposable> _connections = [];

    /// <summary>The reference server as the engines see it, through the backend factory.</summary>
    public IRedisServer Reference { get; private set; } = null!;

    public IRedisServer Difference { get; private set; } = null!;

    /// <summary>The same servers through StackExchange.Redis, for the tests to write test data.</summary>
    public IDatabase ReferenceDatabase { get; private set; } = null!;

    public IDatabase DifferenceDatabase { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Reference, ReferenceDatabase) = await StartAsync();
        (Difference, DifferenceDatabase) = await StartAsync();
    }

    /// <summary>Empties both servers and restores the encoding thresholds a test may have lowered.</summary>
    public async Task ResetAsync()
    {
        foreach (var side in new[] { ReferenceDatabase, DifferenceDatabase })
        {
            await side.ExecuteAsync("FLUSHALL");
            await side.ExecuteAsync("CONFIG", "SET", "hash-max-listpack-entries", "128", "set-max-intset-entries", "512",
                "zset-max-listpack-entries", "128", "list-max-listpack-size", "-2");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private async Task<(IRedisServer, IDatabase)> StartAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath() },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            _processes.Add(process);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not on PATH; install it with: apt-get install -y redis-server", ex);
        }

        var endpoint = new RedisEndpoint($"127.0.0.1:{port}");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var connection = await RedisConnections.ConnectAsync(endpoint, CancellationToken.None, TimeSpan.FromSeconds(2));
                _connections.Add(connection);
                var server = await BackendFactory.Default.ConnectRedisAsync(endpoint, CancellationToken.None);
                _connections.Add(server);
                return (server, connection.GetDatabase());
            }
            catch (PubSec.Dr.Errors.DrException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
