using PubSec.Dr.Errors;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.S3;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage.S3;

/// <summary>Failures that need no server: nothing listens on the endpoint.</summary>
public sealed class S3StoreFailureTests
{
    private const string Secret = "never-print-this-secret-0451";
    private const string SessionToken = "never-print-this-session-token-0451";

    private static S3BackupStore UnreachableStore() => new("s3://pubsec-dr/prod", new BackupStoreOptions
    {
        // A port that was free a moment ago: connections are refused at once.
        Endpoint = new Uri($"http://127.0.0.1:{MotoServer.FreePort()}"),
        Region = "us-east-1",
        AccessKeyId = "AKIDEXAMPLE",
        SecretAccessKey = Secret,
        SessionToken = SessionToken,
    });

    [Fact]
    public async Task UnreachableEndpoint_IsStoreUnreachable_ForReadListAndWrite()
    {
        using var store = UnreachableStore();

        var read = await Assert.ThrowsAsync<DrException>(() => store.OpenReadAsync("a.bin", CancellationToken.None));
        var list = await Assert.ThrowsAsync<DrException>(async () =>
        {
            await foreach (var _ in store.ListAsync("", CancellationToken.None))
            {
            }
        });
        await using var upload = await store.BeginUploadAsync("a.bin", CancellationToken.None);
        await upload.Content.WriteAsync(new byte[10]);
        var write = await Assert.ThrowsAsync<DrException>(() => upload.CompleteAsync(CancellationToken.None));

        foreach (var error in new[] { read, list, write })
        {
            Assert.Equal(ErrorIds.StoreUnreachable, error.ErrorId);
            Assert.Equal(DrErrorCategory.ConnectionError, error.Category);
            Assert.DoesNotContain(Secret, error.Message + error.RecommendedAction + error.Target);
            Assert.DoesNotContain(SessionToken, error.Message + error.RecommendedAction + error.Target);
        }
    }

    [Fact]
    public void LocationAndToString_NeverShowTheSecret()
    {
        using var store = UnreachableStore();
        Assert.Equal("s3://pubsec-dr/prod/", store.Location);
        Assert.Equal(store.Location, store.ToString());
        Assert.DoesNotContain(Secret, store.ToString());
        Assert.DoesNotContain(SessionToken, store.ToString());
    }
}
