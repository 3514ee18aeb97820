using System.Text;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Client;
using PubSec.Dr.Redis.Rdb;
using PubSec.Dr.Tests.Redis.Rdb;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Redis;

/// <summary>
/// What connecting to something that is not a healthy Redis server says, on both connection paths (the
/// module's own RESP connection and StackExchange.Redis): each case its own id, within a short deadline, and
/// never StackExchange.Redis's "use abortConnect=false" advice.
/// </summary>
public sealed class RedisConnectFailureTests
{
    private static readonly NetworkDeadlines Short = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

    public static TheoryData<bool> BothPaths => [true, false];

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task ServerThatNeverAnswers_FailsWithRedisTimeout(bool multiplexer)
    {
        using var hole = new BlackHoleServer();
        var endpoint = new RedisEndpoint(hole.HostPort) { Deadlines = Short };

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => Connect(endpoint, multiplexer));

        Assert.Equal(ErrorIds.RedisTimeout, error.ErrorId);
        Assert.Equal(DrErrorCategory.OperationTimeout, error.Category);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task Rediss_AgainstAPlainServer_FailsFastWithRedisTlsHandshakeFailed(bool multiplexer)
    {
        await using var server = await RedisTestServer.StartAsync();
        var endpoint = new RedisEndpoint($"rediss://127.0.0.1:{server.Port}", RedisTestServer.Password) { Deadlines = Short };

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => Connect(endpoint, multiplexer));

        Assert.Equal(ErrorIds.RedisTlsHandshakeFailed, error.ErrorId);
        Assert.Contains("redis://", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task APortThatIsNotRedis_FailsWithRedisEndpointNotRedis(bool multiplexer)
    {
        // What an HTTP server (Qdrant's REST port, a proxy) answers to a RESP command.
        using var http = new BlackHoleServer(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), drainRequests: true);
        var endpoint = new RedisEndpoint(http.HostPort) { Deadlines = Short };

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => Connect(endpoint, multiplexer));

        Assert.Equal(ErrorIds.RedisEndpointNotRedis, error.ErrorId);
        Assert.Contains("HTTP/1.1 400", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task AClosedPort_IsRedisUnreachable_WithoutStackExchangeRedisAdvice(bool multiplexer)
    {
        var endpoint = new RedisEndpoint($"127.0.0.1:{MotoServer.FreePort()}") { Deadlines = Short };

        var error = await Assert.ThrowsAsync<DrException>(() => Connect(endpoint, multiplexer));

        Assert.Equal(ErrorIds.RedisUnreachable, error.ErrorId);
        Assert.DoesNotContain("abortConnect", error.Message + error.RecommendedAction, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AHealthyServer_StillConnectsOnBothPaths()
    {
        await using var server = await RedisTestServer.StartAsync();
        await using var multiplexer = await RedisConnections.ConnectAsync(server.Endpoint(), CancellationToken.None);
        Assert.True(multiplexer.IsConnected);
        await using var wire = await RedisWireConnection.OpenAsync(server.Endpoint(), CancellationToken.None);
        Assert.Equal("master", (await wire.InfoAsync("replication", CancellationToken.None)).Role);
    }

    private static async Task Connect(RedisEndpoint endpoint, bool multiplexer)
    {
        if (multiplexer)
        {
            await using var connection = await RedisConnections.ConnectAsync(endpoint, CancellationToken.None);
        }
        else
        {
            await using var connection = await RedisWireConnection.OpenAsync(endpoint, CancellationToken.None);
        }
    }
}
