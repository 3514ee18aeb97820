using System.ComponentModel;
using System.Diagnostics;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Rdb;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Redis.Rdb;

/// <summary>
/// A private redis-server on a free loopback port and a temp folder (no persistence of its own), killed on
/// dispose. Required, not optional: without it the RDB code would go untested, so a missing binary fails loudly.
/// </summary>
public sealed class RedisTestServer : IAsyncDisposable
{
    public const string Password = "unit-test-only-password";
    private readonly TempDirectory _dir = new();
    private Process? _process;

    private RedisTestServer(int port) => Port = port;

    public int Port { get; }

    public string DataPath => _dir.Path;

    public RedisEndpoint Endpoint(string? password = Password) => new($"127.0.0.1:{Port}", password);

    public static Task<RedisTestServer> StartAsync(params string[] extraArguments) => StartAsync(null, extraArguments);

    /// <summary>A server that loads <paramref name="rdb"/> at start, as a restore from the file would.</summary>
    public static async Task<RedisTestServer> StartAsync(byte[]? rdb, params string[] extraArguments)
    {
        var server = new RedisTestServer(MotoServer.FreePort());
        if (rdb is not null)
        {
            await File.WriteAllBytesAsync(Path.Combine(server.DataPath, "dump.rdb"), rdb);
            extraArguments = [.. extraArguments, "--dbfilename", "dump.rdb"];
        }

        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", server.Port.ToString(), "--bind", "127.0.0.1", "--dir", server.DataPath, "--save", "", "--appendonly", "no", "--requirepass", Password }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            server._process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not on PATH; install it (apt-get install redis-server redis-tools).", ex);
        }

        server._process.OutputDataReceived += (_, _) => { };
        server._process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await using var connection = await RedisWireConnection.OpenAsync(server.Endpoint(), TimeSpan.FromSeconds(2), CancellationToken.None);
                await connection.InfoAsync("server", CancellationToken.None);
                return server;
            }
            catch (Errors.DrException) when (DateTime.UtcNow < deadline && !server._process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Runs commands on the server, failing the test on an error reply.</summary>
    public async Task RunAsync(IEnumerable<string[]> commands)
    {
        await using var connection = await RedisWireConnection.OpenAsync(Endpoint(), TimeSpan.FromSeconds(10), CancellationToken.None);
        foreach (var command in commands)
        {
            var reply = await connection.CommandAsync(command, "seeding", CancellationToken.None);
            Assert.False(reply.IsError, $"{string.Join(' ', command)}: {reply.Text}");
        }
    }

    /// <summary>A few hundred keys of every common type, so the RDB has real structure in it.</summary>
    public Task SeedAsync(int count = 300) => RunAsync(Enumerable.Range(0, count).SelectMany(i => new[]
    {
        new[] { "SET", $"string:{i}", new string('v', i % 50) + i },
        ["HSET", $"hash:{i % 20}", $"field{i}", $"{i}"],
        ["RPUSH", $"list:{i % 10}", $"item{i}"],
        ["SADD", $"set:{i % 10}", $"member{i}"],
        ["ZADD", "zset", $"{i}", $"z{i}"],
        ["SET", $"expiring:{i}", "x", "EX", "3600"],
    }));

    /// <summary>DBSIZE of database 0.</summary>
    public async Task<long> KeyCountAsync()
    {
        await using var connection = await RedisWireConnection.OpenAsync(Endpoint(), TimeSpan.FromSeconds(10), CancellationToken.None);
        var reply = await connection.CommandAsync(["DBSIZE"], "counting keys", CancellationToken.None);
        return long.Parse(reply.Text!);
    }

    /// <summary>The RDB as redis-cli --rdb fetches it, as the reference a test compares against.</summary>
    public async Task<byte[]> RedisCliRdbAsync()
    {
        var file = Path.Combine(DataPath, $"cli-{Guid.NewGuid():N}.rdb");
        var start = new ProcessStartInfo("redis-cli")
        {
            ArgumentList = { "-p", Port.ToString(), "--no-auth-warning", "-a", Password, "--rdb", file },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"redis-cli --rdb failed: {await errors}");
        return await File.ReadAllBytesAsync(file);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _dir.Dispose();
    }
}
