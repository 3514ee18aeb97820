using System.Security.Cryptography;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Leases;

/// <summary>
/// A lease object in a backup's own folder, held while a backup or copy writes that folder (kind Writer) or while
/// retention or a cleanup deletes it (kind Deletion). The protocol is symmetric, so no race lets both proceed on a
/// strongly consistent store (a folder, S3, Azure Blob): a writer writes its lease first and then looks for a live
/// deletion marker; a deleter writes its marker first and then looks for a live writer lease; whoever sees the
/// other backs off (both may). The holder renews the lease in the background and removes it when it is done; a
/// killed holder's lease expires, so it never blocks for long.
/// </summary>
public sealed class BackupLease : IAsyncDisposable
{
    public const string BackupOperation = "backup";
    public const string CopyOperation = "copy";
    public const string RetentionOperation = "retention";
    public const string CleanupOperation = "cleanup";

    public static readonly TimeSpan DefaultDuration = LeaseTiming.Default.Duration;
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(30);

    private readonly IBackupStore _store;
    private readonly IOperationLog _log;
    private readonly LeaseTiming _timing;
    private readonly LeaseRecord _record;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _renewal = Task.CompletedTask;
    private DateTime _heldUntil;
    private bool _lost;
    private string? _lastRenewalError;
    private bool _released;

    private BackupLease(IBackupStore store, string folder, LeaseKind kind, string operation, string source, string backupId,
        IOperationLog log, LeaseTiming? timing)
    {
        _store = store;
        _log = log;
        _timing = timing ?? LeaseTiming.Default;
        var now = DateTime.UtcNow;
        _record = new LeaseRecord
        {
            Kind = kind,
            Operation = operation,
            Source = source,
            BackupId = backupId,
            Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            StartedAt = now,
            DurationSeconds = (int)Math.Ceiling(_timing.Duration.TotalSeconds),
        };
        LeaseHolder.Stamp(_record);
        Folder = folder;
        Key = LeaseObjects.KeyOf(folder, kind, _record.Token);
    }

    public string Key { get; }

    public string Folder { get; }

    public string Operation => _record.Operation;

    /// <summary>
    /// Writer side: writes the lease, then fails with BackupDeletionInProgress when a live deletion marker is in the
    /// folder, or CopyAlreadyRunning / BackupAlreadyRunning when another live writer is. On success the lease is
    /// renewed in the background until it is disposed.
    /// </summary>
    public static async Task<BackupLease> AcquireForWriteAsync(IBackupStore store, string folder, string operation, string source,
        string backupId, IOperationLog log, CancellationToken ct, LeaseTiming? timing = null)
    {
        var lease = new BackupLease(store, folder, LeaseKind.Writer, operation, source, backupId, log, timing);
        try
        {
            await lease.WriteFirstAsync(ct).ConfigureAwait(false);
            var found = await LeaseObjects.FindAsync(store, folder, ct).ConfigureAwait(false);
            if (found.FirstOrDefault(l => l.Kind == LeaseKind.Deletion && l.IsLive) is { } deleting)
            {
                throw LeaseErrors.DeletionInProgress(store, backupId, deleting);
            }

            if (found.FirstOrDefault(l => l.Kind == LeaseKind.Writer && l.IsLive && l.Key != lease.Key) is { } writer)
            {
                throw LeaseErrors.WriterInFolder(operation, store, backupId, writer);
            }
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        lease.StartRenewal();
        return lease;
    }

    /// <summary>
    /// Deleter side: writes the deletion marker, then backs off (removes it and returns the live writer's lease as
    /// Blocker) when a writer holds the folder. Otherwise returns the claim, renewed until it is disposed.
    /// </summary>
    public static async Task<(BackupLease? Claim, FoundLease? Blocker)> ClaimForDeletionAsync(IBackupStore store, string folder,
        string operation, string source, string backupId, IOperationLog log, CancellationToken ct, LeaseTiming? timing = null)
    {
        var claim = new BackupLease(store, folder, LeaseKind.Deletion, operation, source, backupId, log, timing);
        FoundLease? writer;
        try
        {
            await claim.WriteFirstAsync(ct).ConfigureAwait(false);
            var found = await LeaseObjects.FindAsync(store, folder, ct).ConfigureAwait(false);
            writer = found.FirstOrDefault(l => l.Kind == LeaseKind.Writer && l.IsLive);
        }
        catch
        {
            await claim.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (writer is not null)
        {
            await claim.DisposeAsync().ConfigureAwait(false);
            return (null, writer);
        }

        claim.StartRenewal();
        return (claim, null);
    }

    /// <summary>Adds a server snapshot this run created to the lease, written at once, so the next run can remove it if this one dies.</summary>
    public async Task RecordServerSnapshotAsync(LeasedServerSnapshot snapshot, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _record.ServerSnapshots.Add(snapshot);
            await WriteLockedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Throws BackupLeaseLost unless the lease has been held without a gap until now: called right before the
    /// manifest is written, because a lapsed lease lets a deleter proceed.
    /// </summary>
    public void ThrowIfLost()
    {
        if (_lost || DateTime.UtcNow >= _heldUntil - _timing.SafetyMargin)
        {
            throw LeaseErrors.Lost(_store, Key, _lastRenewalError);
        }
    }

    /// <summary>Stops the renewal and removes the lease (its own deadline: this runs after Ctrl+C too).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            await _writeLock.WaitAsync(deadline.Token).ConfigureAwait(false);
            try
            {
                await _store.DeleteAsync(Key, deadline.Token).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception ex) when (ex is DrException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            _log.Warning($"Could not remove the lease {Key} from {_store.Location}: {ex.Message}. It expires by itself at {_record.ExpiresAt:yyyy-MM-dd HH:mm:ss}Z.");
        }

        _stop.Dispose();
    }

    private async Task WriteFirstAsync(CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await WriteLockedAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw LeaseErrors.WriteFailed(_store, Key, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteLockedAsync(CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        if (_heldUntil != default && now >= _heldUntil - _timing.SafetyMargin)
        {
            // A gap: readers may already have judged this lease expired. Renewing again cannot undo that.
            _lost = true;
        }

        _record.RenewedAt = now;
        _record.ExpiresAt = now + _timing.Duration;
        await using (var upload = await _store.BeginUploadAsync(Key, ct).ConfigureAwait(false))
        {
            await upload.Content.WriteAsync(_record.Serialize(), ct).ConfigureAwait(false);
            await upload.CompleteAsync(ct).ConfigureAwait(false);
        }

        _heldUntil = now + _timing.Duration;
    }

    private void StartRenewal() => _renewal = Task.Run(RenewAsync);

    private async Task RenewAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(_timing.RenewEvery, _stop.Token).ConfigureAwait(false);
                // Each renewal has a deadline, so a store that stops answering cannot hang it past the lease's life.
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                attempt.CancelAfter(_timing.RenewEvery);
                await _writeLock.WaitAsync(attempt.Token).ConfigureAwait(false);
                try
                {
                    await WriteLockedAsync(attempt.Token).ConfigureAwait(false);
                }
                finally
                {
                    _writeLock.Release();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Keep trying until the lease would lapse; ThrowIfLost reports it before any manifest is written.
                _lastRenewalError = ex.Message;
                _log.Verbose($"Renewing the lease {Key} in {_store.Location} failed: {ex.Message}; trying again in {_timing.RenewEvery.TotalSeconds:0} s.");
            }
        }
    }
}
