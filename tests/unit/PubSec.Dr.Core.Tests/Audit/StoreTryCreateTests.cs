using System.Text;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Azure;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Audit;

/// <summary>
/// IBackupStore.TryCreateAsync, on which the audit log's no-lost-record guarantee rests: create only if absent,
/// exactly one winner among concurrent writers, and the first content never replaced. Run against every store kind.
/// </summary>
public abstract class StoreTryCreateTests
{
    protected abstract Task<IBackupStore> NewStoreAsync();

    [Fact]
    public async Task SecondCreateOfAKey_ReturnsFalse_AndKeepsTheFirstContent()
    {
        var store = await NewStoreAsync();

        Assert.True(await store.TryCreateAsync("audit/records/000000000001.json", "first"u8.ToArray(), CancellationToken.None));
        Assert.False(await store.TryCreateAsync("audit/records/000000000001.json", "second"u8.ToArray(), CancellationToken.None));

        Assert.Equal("first", Encoding.UTF8.GetString((await StoreObjects.ReadOrNullAsync(store, "audit/records/000000000001.json", CancellationToken.None))!));
    }

    [Fact]
    public async Task ConcurrentCreatesOfOneKey_ExactlyOneWins_AndItsContentIsStored()
    {
        var store = await NewStoreAsync();
        var contents = Enumerable.Range(0, 16).Select(i => Encoding.UTF8.GetBytes($"writer {i} " + new string('x', 2000))).ToArray();

        var won = await Task.WhenAll(contents.Select(c => Task.Run(() => store.TryCreateAsync("race/key.json", c, CancellationToken.None))));

        Assert.Single(won, w => w);
        var winner = Array.IndexOf(won, true);
        Assert.Equal(contents[winner], await StoreObjects.ReadOrNullAsync(store, "race/key.json", CancellationToken.None));
        var listed = new List<string>();
        await foreach (var item in store.ListAsync("race/", CancellationToken.None))
        {
            listed.Add(item.Key);
        }

        Assert.Equal(["race/key.json"], listed);
    }

    [Fact]
    public async Task CreateOverAnObjectWrittenByAnUpload_ReturnsFalse()
    {
        var store = await NewStoreAsync();
        await StoreObjects.WriteAsync(store, "audit/head.json", "uploaded"u8.ToArray(), CancellationToken.None);

        Assert.False(await store.TryCreateAsync("audit/head.json", "created"u8.ToArray(), CancellationToken.None));
        Assert.Equal("uploaded"u8.ToArray(), await StoreObjects.ReadOrNullAsync(store, "audit/head.json", CancellationToken.None));
    }
}

public sealed class FolderStoreTryCreateTests : StoreTryCreateTests, IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    protected override Task<IBackupStore> NewStoreAsync() =>
        Task.FromResult<IBackupStore>(new FolderBackupStore(Path.Combine(_root.Path, Guid.NewGuid().ToString("N"))));

    [Fact]
    public async Task Create_LeavesNoPartialFile()
    {
        var store = (FolderBackupStore)await NewStoreAsync();
        await store.TryCreateAsync("a/b.json", "x"u8.ToArray(), CancellationToken.None);
        await store.TryCreateAsync("a/b.json", "y"u8.ToArray(), CancellationToken.None);

        Assert.Equal(["b.json"], Directory.GetFiles(Path.Combine(store.RootPath, "a")).Select(Path.GetFileName));
    }
}

public sealed class S3StoreTryCreateTests(MotoServer moto) : StoreTryCreateTests, IClassFixture<MotoServer>
{
    protected override Task<IBackupStore> NewStoreAsync() =>
        Task.FromResult<IBackupStore>(moto.Store("create-" + Guid.NewGuid().ToString("N")[..12]));
}

public sealed class AzureStoreTryCreateTests(AzuriteServer azurite) : StoreTryCreateTests, IClassFixture<AzuriteServer>
{
    protected override async Task<IBackupStore> NewStoreAsync()
    {
        var container = await azurite.CreateContainerAsync("t-" + Guid.NewGuid().ToString("N"));
        return new AzureBlobBackupStore($"az://{container.Name}/backups", new BackupStoreOptions { ConnectionString = azurite.ConnectionString });
    }
}
