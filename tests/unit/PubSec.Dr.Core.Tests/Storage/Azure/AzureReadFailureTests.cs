using PubSec.Dr.Errors;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Azure;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage.Azure;

public sealed class AzureReadFailureTests
{
    [Fact]
    public async Task ServerGoneMidDownload_FailsTheReadWithStoreUnreachable()
    {
        // Its own server, because the test kills it.
        var azurite = new AzuriteServer();
        await azurite.InitializeAsync();
        try
        {
            var container = await azurite.CreateContainerAsync(AzureBlobBackupStoreTests.NewContainerName());
            var store = new AzureBlobBackupStore($"az://{container.Name}", new BackupStoreOptions { ConnectionString = azurite.ConnectionString });
            await AzureBlobBackupStoreTests.UploadAsync(store, "big", TestData.Bytes(64 << 20, seed: 64));
            await using var read = await store.OpenReadAsync("big", CancellationToken.None);
            var buffer = new byte[1 << 20];
            await read.ReadExactlyAsync(buffer);

            await azurite.DisposeAsync();

            var error = await Assert.ThrowsAsync<DrException>(async () =>
            {
                while (await read.ReadAsync(buffer) > 0)
                {
                }
            });
            Assert.Equal(ErrorIds.StoreUnreachable, error.ErrorId);
            Assert.Equal("big", error.Target);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}
