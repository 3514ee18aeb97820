using PubSec.Dr.Errors;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Rdb;

namespace PubSec.Dr.Tests.Redis.Rdb;

/// <summary>The replication client against real servers: disk-based ($len) and diskless ($EOF:) syncs, and refusals.</summary>
public sealed class RdbSyncClientTests
{
    [Fact]
    public async Task Receives_a_disk_based_rdb_announced_with_its_length()
    {
        await using var server = await RedisTestServer.StartAsync("--repl-diskless-sync", "no");
        await server.SeedAsync();
        var (transfer, content) = await SyncAsync(server);
        Assert.False(transfer.Diskless);
        Assert.Equal(content.Length, transfer.Length);
        Assert.NotNull(transfer.ReplicationId);
        Assert.True((await RdbVerifier.VerifyAsync(new MemoryStream(content), "test", CancellationToken.None)).HasChecksum);
    }

    [Fact]
    public async Task Receives_a_diskless_rdb_ended_by_its_mark_without_the_mark()
    {
        await using var server = await RedisTestServer.StartAsync("--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0");
        await server.SeedAsync();
        var (transfer, content) = await SyncAsync(server);
        Assert.True(transfer.Diskless);
        Assert.Null(transfer.Length);
        var summary = await RdbVerifier.VerifyAsync(new MemoryStream(content), "test", CancellationToken.None);
        Assert.Equal(content.Length, summary.Bytes);
        Assert.True(summary.HasChecksum);
    }

    [Theory]
    [InlineData("no")]
    [InlineData("yes")]
    public async Task A_server_started_on_the_received_rdb_has_every_key(string diskless)
    {
        await using var server = await RedisTestServer.StartAsync("--repl-diskless-sync", diskless, "--repl-diskless-sync-delay", "0");
        await server.SeedAsync(200);
        var expected = await server.KeyCountAsync();
        var (_, content) = await SyncAsync(server);
        await using var loaded = await RedisTestServer.StartAsync(content);
        Assert.Equal(expected, await loaded.KeyCountAsync());
    }

    [Fact]
    public async Task A_wrong_password_fails_with_RedisAuthenticationFailed_without_showing_it()
    {
        await using var server = await RedisTestServer.StartAsync();
        var ex = await Assert.ThrowsAsync<DrException>(() => RedisWireConnection.OpenAsync(server.Endpoint("not-the-password"), TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(ErrorIds.RedisAuthenticationFailed, ex.ErrorId);
        Assert.DoesNotContain("not-the-password", ex.Message + ex.RecommendedAction);
    }

    [Fact]
    public async Task No_password_on_a_protected_server_fails_with_RedisAuthenticationFailed()
    {
        await using var server = await RedisTestServer.StartAsync();
        await using var connection = await RedisWireConnection.OpenAsync(server.Endpoint(null), TimeSpan.FromSeconds(5), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<DrException>(() => connection.InfoAsync(null, CancellationToken.None));
        Assert.Equal(ErrorIds.RedisAuthenticationFailed, ex.ErrorId);
    }

    [Fact]
    public async Task A_server_that_refuses_psync_fails_with_RedisCommandRefused_pointing_to_the_logical_fallback()
    {
        await using var server = await RedisTestServer.StartAsync("--rename-command", "PSYNC", "", "--rename-command", "SYNC", "");
        await using var connection = await RedisWireConnection.OpenAsync(server.Endpoint(), TimeSpan.FromSeconds(5), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<DrException>(() => RdbSyncClient.StartAsync(connection, CancellationToken.None));
        Assert.Equal(ErrorIds.RedisCommandRefused, ex.ErrorId);
        Assert.Contains("-Fallback Logical", ex.RecommendedAction);
    }

    [Fact]
    public async Task A_closed_port_fails_with_RedisUnreachable()
    {
        var endpoint = new PubSec.Dr.Redis.RedisEndpoint($"127.0.0.1:{TestSupport.MotoServer.FreePort()}");
        var ex = await Assert.ThrowsAsync<DrException>(() => RedisWireConnection.OpenAsync(endpoint, TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(ErrorIds.RedisUnreachable, ex.ErrorId);
    }

    private static async Task<(RdbTransfer Transfer, byte[] Content)> SyncAsync(RedisTestServer server)
    {
        await using var connection = await RedisWireConnection.OpenAsync(server.Endpoint(), TimeSpan.FromSeconds(10), CancellationToken.None);
        var transfer = await RdbSyncClient.StartAsync(connection, CancellationToken.None);
        using var copy = new MemoryStream();
        await transfer.Payload.CopyToAsync(copy);
        return (transfer, copy.ToArray());
    }
}
