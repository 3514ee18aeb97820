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

    /// <summary>
    /// Every kind of record a Redis 7 RDB holds, in databases 0, 3 and 15: strings (short, integer, LZF-compressed,
    /// incompressible, empty), lists, sets, sorted sets and hashes both small (listpack, intset) and large (hash
    /// tables, quicklists of many nodes), streams with consumer groups and pending entries, TTLs, and a function
    /// library (the FUNCTION2 record).
    /// </summary>
    public Task SeedEveryTypeAsync()
    {
        var commands = new List<string[]>
        {
            new[] { "FUNCTION", "LOAD", "#!lua name=rdbtest\nredis.register_function('rdbtest', function(keys, args) return 1 end)" },
        };
        foreach (var db in new[] { "0", "3", "15" })
        {
            commands.Add(["SELECT", db]);
            commands.Add(["SET", $"s:short:{db}", "v"]);
            commands.Add(["SET", $"s:int:{db}", "123456"]);
            commands.Add(["SET", $"s:empty:{db}", ""]);
            commands.Add(["SET", $"s:lzf:{db}", new string('z', 20000)]);
            commands.Add(["SET", $"s:random:{db}", string.Concat(Enumerable.Range(0, 200).Select(i => Guid.NewGuid().ToString("N")))]);
            commands.Add(["SET", $"s:ttl:{db}", "x", "EX", "3600"]);
            commands.Add(["RPUSH", $"l:small:{db}", "a", "b", "c"]);
            commands.Add(["SADD", $"set:int:{db}", "1", "2", "3"]);
            commands.Add(["SADD", $"set:small:{db}", "a", "b", "c"]);
            commands.Add(["ZADD", $"z:small:{db}", "1", "a", "2.5", "b"]);
            commands.Add(["HSET", $"h:small:{db}", "f1", "v1", "f2", "v2"]);
            for (var i = 0; i < 300; i++)
            {
                commands.Add(["RPUSH", $"l:big:{db}", new string('i', 100) + i]);
                commands.Add(["SADD", $"set:big:{db}", $"member-{i}"]);
                commands.Add(["ZADD", $"z:big:{db}", $"{i}.25", $"member-{i}"]);
                commands.Add(["HSET", $"h:big:{db}", $"field-{i}", $"value-{i}"]);
                commands.Add(["SET", $"s:many:{db}:{i}", $"{i}", "PX", $"{3600000 + i}"]);
            }

            for (var i = 0; i < 20; i++)
            {
                commands.Add(["XADD", $"x:{db}", "*", "field", $"{i}"]);
            }

            commands.Add(["XGROUP", "CREATE", $"x:{db}", "g1", "0"]);
            commands.Add(["XGROUP", "CREATE", $"x:{db}", "g2", "$"]);
            // Through EVAL, which answers with an integer: the wire client reads no arrays. Leaves pending entries for two consumers.
            commands.Add(["EVAL", "redis.call('XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '5', 'STREAMS', KEYS[1], '>') return 1", "1", $"x:{db}"]);
            commands.Add(["EVAL", "redis.call('XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '3', 'STREAMS', KEYS[1], '>') return 1", "1", $"x:{db}"]);
            commands.Add(["XADD", $"x:empty-group:{db}", "*", "f", "v"]);
        }

        return RunAsync(commands);
    }

    /// <summary>Keys per database, from INFO keyspace.</summary>
    public async Task<Dictionary<int, long>> KeyCountsAsync()
    {
        await using var connection = await RedisWireConnection.OpenAsync(Endpoint(), TimeSpan.FromSeconds(10), CancellationToken.None);
        var reply = await connection.CommandAsync(["INFO", "keyspace"], "counting keys", CancellationToken.None);
        return reply.Text!.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("db", StringComparison.Ordinal) && line.Contains(':'))
            .ToDictionary(
                line => int.Parse(line[2..line.IndexOf(':')]),
                line => long.Parse(line.Split(':')[1].Split(',')[0]["keys=".Length..]));
    }

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
