using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Backups.Catalog;

/// <summary>
/// Writing one backup, the same for every kind (Qdrant, Redis RDB and logical, configuration backups): hold the
/// backup's lease; refuse to run beside a live backup of the same source and clear what dead runs left (their
/// parts, leases, server snapshots, unfinished uploads); store each part as one upload that is aborted on any
/// failure; write the manifest last, only while the lease was held without a gap. Until the manifest exists the
/// backup is not listed, so whatever ends the write before it (an error, Ctrl+C, a manifest that could not be
/// written) also removes the parts already stored: invisible, they would only eat space.
/// </summary>
public sealed class BackupWrite : IAsyncDisposable
{
    private readonly IBackupStore _store;
    private readonly IOperationLog _log;
    private readonly List<string> _stored = [];
    private bool _committed;

    private BackupWrite(IBackupStore store, IOperationLog log, BackupWriteTarget target, BackupLease lease)
    {
        _store = store;
        _log = log;
        Target = target;
        Lease = lease;
    }

    /// <summary>The phase name of a part's completion in a run's timings.</summary>
    public const string CompletePhase = "Complete part (fsync, commit)";

    public BackupWriteTarget Target { get; }

    /// <summary>The run's lease; writers record in it what a later run must clean up if this one dies (server snapshots).</summary>
    public BackupLease Lease { get; }

    /// <param name="removeServerSnapshots">Removes the server snapshots a dead run's lease names (Qdrant); null where a source keeps none.</param>
    public static async Task<BackupWrite> BeginAsync(IBackupStore store, BackupWriteTarget target, IOperationLog log, CancellationToken ct,
        LeaseTiming? timing = null, Func<LeaseRecord, CancellationToken, Task<bool>>? removeServerSnapshots = null)
    {
        var lease = await BackupLease.AcquireForWriteAsync(store, target.Prefix, BackupLease.BackupOperation, target.Source, target.BackupId, log, ct, timing)
            .ConfigureAwait(false);
        try
        {
            await new AbandonedRunSweep(store, log) { RemoveServerSnapshots = removeServerSnapshots, LeaseTiming = timing }
                .RunAsync(target.SourcePrefix, lease, target.Source, target.StartedAt, ct).ConfigureAwait(false);
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new BackupWrite(store, log, target, lease);
    }

    /// <summary>
    /// Stores one part: <paramref name="write"/> streams it into the upload and returns what it measured; the part
    /// becomes an object only when that succeeded. Source failures must arrive mapped (a cut download is the
    /// source's error, not the store's); an I/O error left unmapped is reported as the store write that failed.
    /// </summary>
    /// <param name="phases">When given, the completion (folder: flush, fsync and rename; S3/Azure: the last parts and the commit) is timed into it.</param>
    public async Task<T> StorePartAsync<T>(string key, Func<Stream, CancellationToken, Task<T>> write, CancellationToken ct, PhaseClock? phases = null)
    {
        var upload = await _store.BeginUploadAsync(key, ct).ConfigureAwait(false);
        await using (upload.ConfigureAwait(false))
        {
            try
            {
                var measured = await write(upload.Content, ct).ConfigureAwait(false);
                // Recorded before completion: a completion whose answer was lost may still have made the object.
                lock (_stored)
                {
                    _stored.Add(key);
                }

                var completing = PhaseClock.Now;
                await upload.CompleteAsync(ct).ConfigureAwait(false);
                phases?.Add(CompletePhase, completing);
                return measured;
            }
            catch (Exception ex)
            {
                // A cut, damaged or cancelled stream must leave nothing that looks like a part.
                await upload.AbortAsync().ConfigureAwait(false);
                if (ex is IOException or UnauthorizedAccessException)
                {
                    throw StoreCleanup.WriteFailed(_store, key, ex);
                }

                throw;
            }
        }
    }

    /// <summary>Writes the manifest (parts checked, signature first; <see cref="BackupCatalog"/>): from now on the backup is listed.</summary>
    public async Task CommitAsync(DrBackup backup, ManifestSigner? signer, CancellationToken ct)
    {
        try
        {
            Lease.ThrowIfLost();
            await new BackupCatalog(_store) { Signer = signer }.WriteManifestAsync(backup, Target.ManifestKey, ct).ConfigureAwait(false);
            _committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw StoreCleanup.WriteFailed(_store, Target.ManifestKey, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            string[] stored;
            lock (_stored)
            {
                stored = [.. _stored];
            }

            if (!_committed && stored.Length > 0)
            {
                await StoreCleanup.DeleteQuietlyAsync(_store, stored, _log).ConfigureAwait(false);
            }
        }
        finally
        {
            await Lease.DisposeAsync().ConfigureAwait(false);
        }
    }
}
