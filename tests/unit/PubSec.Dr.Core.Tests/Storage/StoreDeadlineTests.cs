using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Azure;
using PubSec.Dr.Storage.S3;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage;

/// <summary>
/// Object stores whose endpoint accepts connections and never answers: listing, HEAD, GET, a download that
/// stalls midway and an upload all end with StoreTimeout (OperationTimeout) within a short deadline.
/// </summary>
public sealed class StoreDeadlineTests
{
    private static readonly NetworkDeadlines Short = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

    private static S3BackupStore S3Store(BlackHoleServer hole) => new("s3://pubsec-dr/prod", new BackupStoreOptions
    {
        Endpoint = hole.HttpUri,
        Region = "us-east-1",
        AccessKeyId = "AKIDEXAMPLE",
        SecretAccessKey = "not-a-real-secret",
        PartSizeBytes = S3BackupStore.MinPartSizeBytes,
        Deadlines = Short,
    });

    public static TheoryData<string> Calls => ["list", "head", "get", "put", "multipart"];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task S3_SilentEndpoint_FailsWithStoreTimeout(string call)
    {
        using var hole = new BlackHoleServer();
        using var store = S3Store(hole);

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => Run(store, call));

        Assert.Equal(ErrorIds.StoreTimeout, error.ErrorId);
        Assert.Equal(DrErrorCategory.OperationTimeout, error.Category);
    }

    [Fact]
    public async Task S3_DownloadThatStallsMidway_FailsWithStoreTimeout()
    {
        using var hole = BlackHoleServer.StallingHttp(50L << 30, 64 << 10);
        using var store = S3Store(hole);
        await using var content = await store.OpenReadAsync("qdrant/docs/1/part.snapshot", CancellationToken.None);

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => content.CopyToAsync(Stream.Null));

        Assert.Equal(ErrorIds.StoreTimeout, error.ErrorId);
    }

    [Fact]
    public async Task S3_UploadToAnEndpointThatNeverAnswers_FailsWithStoreTimeout()
    {
        // The request is read in full and never answered: the wait for S3's answer has the request deadline too.
        using var hole = new BlackHoleServer(drainRequests: true);
        using var store = S3Store(hole);

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => Run(store, "put"));

        Assert.Equal(ErrorIds.StoreTimeout, error.ErrorId);
    }

    [Fact]
    public async Task Azure_SilentEndpoint_FailsWithStoreTimeout()
    {
        using var hole = new BlackHoleServer();
        var store = new AzureBlobBackupStore("az://pubsec-dr/prod", new BackupStoreOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.Account};AccountKey={AzuriteServer.AccountKey};"
                + $"BlobEndpoint=http://{hole.HostPort}/{AzuriteServer.Account};",
            Deadlines = Short,
        });

        var error = await BlackHoleServer.FailsWithinAsync<DrException>(() => Run(store, "list"));

        Assert.Equal(ErrorIds.StoreTimeout, error.ErrorId);
        Assert.Equal(DrErrorCategory.OperationTimeout, error.Category);
    }

    private static async Task Run(IBackupStore store, string call)
    {
        switch (call)
        {
            case "list":
                await foreach (var _ in store.ListAsync("qdrant/", CancellationToken.None))
                {
                }

                break;
            case "head":
                await store.GetInfoAsync("qdrant/docs/1/manifest.json", CancellationToken.None);
                break;
            case "get":
                await using (var stream = await store.OpenReadAsync("qdrant/docs/1/manifest.json", CancellationToken.None))
                {
                    await stream.CopyToAsync(Stream.Null);
                }

                break;
            default:
                // "put": one small object (a single PutObject); "multipart": more than one part.
                await using (var upload = await store.BeginUploadAsync("qdrant/docs/1/part.snapshot", CancellationToken.None))
                {
                    var size = call == "put" ? 1 << 20 : 3 * S3BackupStore.MinPartSizeBytes;
                    await upload.Content.WriteAsync(new byte[size]);
                    await upload.CompleteAsync(CancellationToken.None);
                }

                break;
        }
    }
}
