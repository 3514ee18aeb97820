using PubSec.Dr.Errors;
using PubSec.Dr.Storage.Folder;

namespace PubSec.Dr.Tests.Storage.Folder;

public sealed class FolderStoreMissingRootTests
{
    [Fact]
    public async Task ListingAStoreFolderThatDoesNotExist_IsStoreNotFound()
    {
        var store = new FolderBackupStore(Path.Combine(Path.GetTempPath(), "pubsec-missing-" + Guid.NewGuid().ToString("N")));

        var error = await Assert.ThrowsAsync<DrException>(async () =>
        {
            await foreach (var _ in store.ListAsync("qdrant/", CancellationToken.None))
            {
            }
        });

        Assert.Equal(ErrorIds.StoreNotFound, error.ErrorId);
        Assert.Equal(DrErrorCategory.ObjectNotFound, error.Category);
    }
}
