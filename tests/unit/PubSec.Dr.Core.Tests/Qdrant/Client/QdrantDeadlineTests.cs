using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Qdrant.Client;

/// <summary>
/// Every Qdrant call ends against a server that accepts the connection and never answers: with QdrantTimeout,
/// well within the slack a loaded machine needs, instead of waiting until someone stops it.
/// </summary>
public sealed class QdrantDeadlineTests
{
    private static readonly NetworkDeadlines Short = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

    [Fact]
    public async Task RestCall_ToASilentNode_FailsWithQdrantTimeout()
    {
        using var hole = new BlackHoleServer();
        using var client = new QdrantRestClient(hole.HttpUri, apiKey: null, Short);

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => client.GetClusterAsync(CancellationToken.None));

        Assert.Equal(ErrorIds.QdrantTimeout, error.ErrorId);
        Assert.Equal(DrErrorCategory.OperationTimeout, error.Category);
    }

    [Fact]
    public async Task GrpcCall_ToASilentEndpoint_FailsWithQdrantTimeout_AndNamesTheParameter()
    {
        using var hole = new BlackHoleServer();
        using var grpc = new QdrantGrpcGateway(hole.HttpUri, apiKey: null, Short);

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => grpc.ListCollectionsAsync(CancellationToken.None));

        Assert.Equal(ErrorIds.QdrantTimeout, error.ErrorId);
        Assert.Equal(DrErrorCategory.OperationTimeout, error.Category);
        Assert.Contains("-GrpcUri", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnapshotDownload_ThatStallsMidway_FailsWithQdrantTimeout()
    {
        // Headers and 64 KB of a "50 GB" body, then silence: the download has no total limit, only an idle one.
        using var hole = BlackHoleServer.StallingHttp(50L << 30, 64 << 10);
        using var client = new QdrantRestClient(hole.HttpUri, apiKey: null, Short);
        var (content, length) = await client.OpenSnapshotAsync("docs", "docs-1.snapshot", CancellationToken.None);
        Assert.Equal(50L << 30, length);

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(async () =>
        {
            await using (content)
            {
                var buffer = new byte[1 << 20];
                while (await content.ReadAsync(buffer) > 0)
                {
                }
            }
        });

        Assert.Equal(ErrorIds.QdrantTimeout, error.ErrorId);
        Assert.Contains("downloading", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnapshotUpload_ToANodeThatStopsReading_FailsWithQdrantTimeout()
    {
        using var hole = new BlackHoleServer();
        using var client = new QdrantRestClient(hole.HttpUri, apiKey: null, Short);
        // Far more than every socket buffer between the two ends holds, produced lazily.
        await using var endless = new EndlessStream(long.MaxValue);

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => client.RecoverFromUploadAsync("docs", endless, null, "part.snapshot",
            new string('0', 64), "snapshot", TimeSpan.FromDays(1), CancellationToken.None));

        Assert.Equal(ErrorIds.QdrantTimeout, error.ErrorId);
        Assert.Contains("uploading", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnapshotUpload_ThatIsNeverAnswered_FailsAfterTheRecoveryTimeout()
    {
        using var hole = new BlackHoleServer(drainRequests: true);
        using var client = new QdrantRestClient(hole.HttpUri, apiKey: null, Short);
        await using var part = new MemoryStream(new byte[1 << 20]);

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => client.RecoverFromUploadAsync("docs", part, part.Length, "part.snapshot",
            new string('0', 64), "snapshot", TimeSpan.FromSeconds(2), CancellationToken.None));

        Assert.Equal(ErrorIds.QdrantTimeout, error.ErrorId);
        Assert.Contains("recovering", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_IsNotATimeout()
    {
        using var hole = new BlackHoleServer();
        using var client = new QdrantRestClient(hole.HttpUri, apiKey: null, NetworkDeadlines.Default);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetClusterAsync(cancel.Token));
    }
}
