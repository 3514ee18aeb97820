using System.Diagnostics;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Leases;

public sealed class BackupLeaseTests : IDisposable
{
    private const string Folder = "qdrant/docs/20261120T180000Z-abc123/";
    // Renewed every 100 ms, lost after 3 s: a loaded machine still renews many times within one lease, so the timing tests do not flake.
    private static readonly LeaseTiming Short = new(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(100));
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;

    public BackupLeaseTests() => _store = new FolderBackupStore(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task AHeldLease_IsRenewedPastItsDuration_AndRemovedWhenDisposed()
    {
        var lease = await AcquireAsync(Short);
        await Task.Delay(Short.Duration * 2);

        var found = Assert.Single(await LeaseObjects.FindAsync(_store, Folder, CancellationToken.None));
        Assert.Equal(LeaseState.Live, found.State);
        Assert.Equal(lease.Key, found.Key);
        Assert.True(found.Record!.RenewedAt > found.Record.StartedAt.AddSeconds(2));
        Assert.Equal(Environment.ProcessId, found.Record.ProcessId);
        lease.ThrowIfLost();

        await lease.DisposeAsync();

        Assert.Empty(await LeaseObjects.FindAsync(_store, Folder, CancellationToken.None));
    }

    [Fact]
    public async Task ALeaseThatCannotBeRenewed_IsLost_SoNoManifestMayFollow()
    {
        var hooked = new HookedStore(_store);
        var writes = 0;
        hooked.BeforeBeginUpload = key =>
        {
            if (LeaseObjects.IsLeaseKey(key) && Interlocked.Increment(ref writes) > 1)
            {
                throw new IOException("the store stopped answering");
            }

            return Task.CompletedTask;
        };
        await using var lease = await BackupLease.AcquireForWriteAsync(hooked, Folder, BackupLease.BackupOperation, "docs", "id", NullOperationLog.Instance,
            CancellationToken.None, Short);

        await Task.Delay(Short.Duration);

        var error = Assert.Throws<DrException>(lease.ThrowIfLost);
        Assert.Equal(ErrorIds.BackupLeaseLost, error.ErrorId);
        Assert.Contains("the store stopped answering", error.Message);
    }

    [Fact]
    public async Task AWriterSeeingALiveDeletionMarker_FailsWithBackupDeletionInProgress_AndLeavesNoLease()
    {
        var (claim, _) = await BackupLease.ClaimForDeletionAsync(_store, Folder, BackupLease.RetentionOperation, "docs", "id", NullOperationLog.Instance,
            CancellationToken.None, Short);
        await using (claim!)
        {
            var error = await Assert.ThrowsAsync<DrException>(() => AcquireAsync(Short));

            Assert.Equal(ErrorIds.BackupDeletionInProgress, error.ErrorId);
            Assert.Equal(claim!.Key, Assert.Single(await LeaseObjects.FindAsync(_store, Folder, CancellationToken.None)).Key);
        }
    }

    [Fact]
    public async Task ADeleterSeeingALiveWriter_BacksOff_AndLeavesNoMarker()
    {
        await using var lease = await AcquireAsync(Short);

        var (claim, blocker) = await BackupLease.ClaimForDeletionAsync(_store, Folder, BackupLease.RetentionOperation, "docs", "id",
            NullOperationLog.Instance, CancellationToken.None, Short);

        Assert.Null(claim);
        Assert.Equal(lease.Key, blocker!.Key);
        Assert.Equal(lease.Key, Assert.Single(await LeaseObjects.FindAsync(_store, Folder, CancellationToken.None)).Key);
    }

    [Fact]
    public async Task AWriterAndADeleterRacing_NeverBothProceed()
    {
        for (var round = 0; round < 40; round++)
        {
            var folder = $"qdrant/docs/race-{round}/";
            using var start = new ManualResetEventSlim();
            var writing = Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    return await BackupLease.AcquireForWriteAsync(_store, folder, BackupLease.CopyOperation, "docs", "id", NullOperationLog.Instance,
                        CancellationToken.None, Short);
                }
                catch (DrException ex) when (ex.ErrorId == ErrorIds.BackupDeletionInProgress)
                {
                    return null;
                }
            });
            var deleting = Task.Run(async () =>
            {
                start.Wait();
                return (await BackupLease.ClaimForDeletionAsync(_store, folder, BackupLease.RetentionOperation, "docs", "id", NullOperationLog.Instance,
                    CancellationToken.None, Short)).Claim;
            });
            start.Set();
            var writer = await writing;
            var claim = await deleting;

            Assert.False(writer is not null && claim is not null, $"round {round}: the writer and the deleter both proceeded");
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }

            if (claim is not null)
            {
                await claim.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ALeaseOfAProcessOnThisHostThatNoLongerRuns_DoesNotBlock_EvenBeforeItExpires()
    {
        var record = new LeaseRecord { Kind = LeaseKind.Writer, Operation = "backup", Token = Guid.NewGuid().ToString("N"), DurationSeconds = 300 };
        LeaseHolder.Stamp(record);
        record.ProcessId = await ExitedProcessIdAsync();
        record.ExpiresAt = DateTime.UtcNow.AddMinutes(5);
        var ours = new LeaseRecord { Kind = LeaseKind.Writer, Operation = "backup", Token = Guid.NewGuid().ToString("N"), DurationSeconds = 300 };
        LeaseHolder.Stamp(ours);
        ours.ExpiresAt = DateTime.UtcNow.AddMinutes(5);
        var elsewhere = new LeaseRecord { Kind = LeaseKind.Writer, Host = "another-host", ProcessId = record.ProcessId, Token = Guid.NewGuid().ToString("N"), DurationSeconds = 300, ExpiresAt = DateTime.UtcNow.AddMinutes(5) };
        var info = new StoreObjectInfo(Folder + "lease-x.json", 100, DateTime.UtcNow);

        Assert.Equal(LeaseState.HolderGone, LeaseObjects.StateOf(record, info, DateTime.UtcNow));
        Assert.Equal(LeaseState.Live, LeaseObjects.StateOf(ours, info, DateTime.UtcNow));
        Assert.Equal(LeaseState.Live, LeaseObjects.StateOf(elsewhere, info, DateTime.UtcNow));
    }

    [Fact]
    public async Task ALeaseOfAKilledProcessNotYetReaped_DoesNotBlock()
    {
        // sh forks a short sleep and execs a long one, which never reaps it: the short one stays a zombie for a while.
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 0.1 & echo $!; exec sleep 10"]) { UseShellExecute = false, RedirectStandardOutput = true })!;
        try
        {
            var zombie = int.Parse((await parent.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
            var startedAt = Process.GetProcessById(zombie).StartTime.ToUniversalTime();
            await Task.Delay(500);
            var record = new LeaseRecord { Kind = LeaseKind.Writer, Token = Guid.NewGuid().ToString("N"), DurationSeconds = 300, ExpiresAt = DateTime.UtcNow.AddMinutes(5) };
            LeaseHolder.Stamp(record);
            record.ProcessId = zombie;
            record.ProcessStartedAt = startedAt;

            Assert.Equal(LeaseState.HolderGone, LeaseObjects.StateOf(record, new StoreObjectInfo(Folder + "lease-x.json", 100, DateTime.UtcNow), DateTime.UtcNow));
        }
        finally
        {
            parent.Kill();
        }
    }

    [Fact]
    public void ALeaseLivesUntilTheLaterOfItsHoldersExpiryAndTheStoresTimePlusItsDuration()
    {
        var written = new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
        // The holder's clock is 10 minutes slow: by its own expiry the lease ended long ago, by the store's it has not.
        var record = new LeaseRecord { Host = "another-host", ExpiresAt = written.AddMinutes(-5), DurationSeconds = 300 };
        var info = new StoreObjectInfo(Folder + "lease-x.json", 100, written);

        Assert.Equal(LeaseState.Live, LeaseObjects.StateOf(record, info, written.AddMinutes(4)));
        Assert.Equal(LeaseState.Expired, LeaseObjects.StateOf(record, info, written.AddMinutes(5)));
        // An unreadable lease object counts for the default duration from when it was written.
        Assert.Equal(LeaseState.Live, LeaseObjects.StateOf(null, info, written.AddMinutes(4)));
        // A hand-edited lease cannot block for more than an hour.
        record.ExpiresAt = written.AddYears(1);
        Assert.Equal(LeaseState.Expired, LeaseObjects.StateOf(record, info, written.AddHours(1)));
    }

    private Task<BackupLease> AcquireAsync(LeaseTiming timing) =>
        BackupLease.AcquireForWriteAsync(_store, Folder, BackupLease.CopyOperation, "docs", "20261120T180000Z-abc123", NullOperationLog.Instance,
            CancellationToken.None, timing);

    private static async Task<int> ExitedProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}
