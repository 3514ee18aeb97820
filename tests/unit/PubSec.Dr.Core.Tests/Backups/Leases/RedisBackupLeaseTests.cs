using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Redis.Logical;
using PubSec.Dr.Redis.Rdb;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Redis.Rdb;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Leases;

/// <summary>The Redis backup engines as writers of the protocol: one run per name and store at a time, and a killed run's leftovers removed.</summary>
public sealed class RedisBackupLeaseTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;

    public RedisBackupLeaseTests() => _store = new FolderBackupStore(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task ASecondRdbBackupOfTheSameName_IsRefusedWithBackupAlreadyRunning_AndTheFirstSucceeds()
    {
        await using var server = await RedisTestServer.StartAsync();
        await server.SeedAsync();
        var hooked = new HookedStore(_store);
        var gate = new Gate();
        hooked.BeforeBeginUpload = gate.At(key => key.EndsWith("/" + BackupLayout.RedisRdbPart, StringComparison.Ordinal));

        var first = new RedisRdbBackupEngine(PubSec.Dr.Backends.BackendFactory.Default, server.Endpoint(), hooked, NullOperationLog.Instance) { Name = "balances" }.BackupAsync(null, CancellationToken.None);
        await gate.ReachedAsync(TimeSpan.FromSeconds(60));
        var error = await Assert.ThrowsAsync<DrException>(() =>
            new RedisRdbBackupEngine(PubSec.Dr.Backends.BackendFactory.Default, server.Endpoint(), _store, NullOperationLog.Instance) { Name = "balances" }.BackupAsync(null, CancellationToken.None));
        gate.Release();
        var made = await first;

        Assert.Equal(ErrorIds.BackupAlreadyRunning, error.ErrorId);
        Assert.Contains("balances", error.Message);
        Assert.Equal(made.Id, Assert.Single(await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None)).Id);
        Assert.DoesNotContain(_root.AllFiles(), LeaseObjects.IsLeaseKey);
    }

    [Fact]
    public async Task TheNextLogicalBackup_RemovesWhatAKilledRunOfTheSameNameLeft()
    {
        await using var server = await RedisTestServer.StartAsync();
        await server.SeedAsync();
        var killed = BackupLayout.RedisPrefix("sessions", "20261120T160000Z-cccccc");
        await ForeignLease.WriteAsync(_store, killed, "backup-runner-7", TimeSpan.FromMinutes(-1), durationSeconds: 0,
            operation: BackupLease.BackupOperation);
        await using (var upload = await _store.BeginUploadAsync(killed + BackupLayout.RedisLogicalPart, CancellationToken.None))
        {
            await upload.Content.WriteAsync(new byte[] { 1, 2, 3 });
            await upload.CompleteAsync(CancellationToken.None);
        }

        var made = await new RedisLogicalBackupEngine(PubSec.Dr.Backends.BackendFactory.Default, server.Endpoint(), _store, NullOperationLog.Instance) { Name = "sessions" }
            .BackupAsync(null, CancellationToken.None);

        Assert.DoesNotContain(_root.AllFiles(), f => f.StartsWith(killed, StringComparison.Ordinal));
        Assert.Equal(made.Id, Assert.Single(await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None)).Id);
        Assert.DoesNotContain(_root.AllFiles(), LeaseObjects.IsLeaseKey);
    }
}
