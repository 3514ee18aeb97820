using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Leases;

/// <summary>
/// Runs when a backup of one source (a Qdrant collection, a Redis name) starts, once it holds its own lease:
/// refuses when another backup of the same source is writing into this store (the second run would otherwise
/// abort the first one's uploads), and clears what runs that died left: the server snapshots their leases name,
/// their parts (only in folders without a manifest: a run killed after its manifest made a good backup), their
/// leases, and unfinished uploads. Folders without any lease are never touched here (Get-DrBackup reports them).
/// </summary>
public sealed class AbandonedRunSweep(IBackupStore store, IOperationLog log)
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Removes the server snapshots a dead writer's lease names; true when none of them is left.</summary>
    public Func<LeaseRecord, CancellationToken, Task<bool>>? RemoveServerSnapshots { get; init; }

    /// <summary>Timing of the cleanup's deletion claims; tests shorten it.</summary>
    public LeaseTiming? LeaseTiming { get; init; }

    public async Task RunAsync(string sourcePrefix, BackupLease own, string source, DateTime startedBefore, CancellationToken ct)
    {
        var folders = await FolderScan.ScanAsync(store, sourcePrefix, ct).ConfigureAwait(false);
        var others = folders.SelectMany(f => f.Leases).Where(l => l.Key != own.Key).ToList();
        if (others.FirstOrDefault(l => l.IsLive && l.Kind == LeaseKind.Writer && l.Record?.Operation == own.Operation) is { } running)
        {
            throw LeaseErrors.AlreadyRunning(store, source, running);
        }

        foreach (var folder in folders.Where(f => f.Folder != own.Folder && f.Leases.Count > 0 && f.Leases.All(l => !l.IsLive)))
        {
            try
            {
                await ClearDeadRunAsync(folder, source, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DrException or IOException or UnauthorizedAccessException)
            {
                // Leftovers of a dead run must not cost tonight's backup; the next run tries again.
                log.Warning($"Could not clear what a run that is gone left in {store.Location}{folder.Folder}: {ex.Message}. The next backup of '{source}' tries again.");
            }
        }

        // With another writer (a copy) or a deleter live under this prefix, its uploads are not abandoned: only the
        // folders cleared above were swept. Otherwise what began before this run is abandoned, lease or not.
        if (others.Any(l => l.IsLive))
        {
            return;
        }

        var removed = await store.RemoveIncompleteUploadsAsync(sourcePrefix, startedBefore, ct).ConfigureAwait(false);
        if (removed > 0)
        {
            log.Verbose($"Removed {removed} unfinished upload(s) left in {store.Location}{sourcePrefix} by an interrupted earlier run.");
        }
    }

    private async Task ClearDeadRunAsync(ScannedFolder folder, string source, CancellationToken ct)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dead in folder.Leases)
        {
            log.Verbose($"Found the lease of a run that is gone in {store.Location}{folder.Folder}: {dead.Describe()}.");
            if (dead.Record is { ServerSnapshots.Count: > 0 } record && RemoveServerSnapshots is { } remove
                && !await remove(record, ct).ConfigureAwait(false))
            {
                // Kept so the next run tries again; without it nobody would know these snapshots are the module's.
                keep.Add(dead.Key);
            }
        }

        if (folder.Manifest is not null)
        {
            // A run that died after writing its manifest made a good backup: only its leases go.
            foreach (var dead in folder.Leases.Where(l => !keep.Contains(l.Key)))
            {
                await store.DeleteAsync(dead.Key, ct).ConfigureAwait(false);
            }

            return;
        }

        var backupId = folder.Folder.TrimEnd('/').Split('/')[^1];
        var (claim, writer) = await BackupLease.ClaimForDeletionAsync(store, folder.Folder, BackupLease.CleanupOperation, source, backupId,
            log, ct, LeaseTiming).ConfigureAwait(false);
        if (claim is null)
        {
            log.Verbose($"Left {folder.Folder} alone: a writer started there meanwhile ({writer!.Describe()}).");
            return;
        }

        await using (claim.ConfigureAwait(false))
        {
            // Like retention: once started, finish even on Ctrl+C (with its own deadline), so no half-cleared folder stays.
            using var deadline = new CancellationTokenSource(CleanupTimeout);
            var deleted = 0;
            try
            {
                var doomed = new List<string>();
                await foreach (var item in store.ListAsync(folder.Folder, deadline.Token).ConfigureAwait(false))
                {
                    if (item.Key != claim.Key && !keep.Contains(item.Key)
                        && !(LeaseObjects.IsLeaseKey(item.Key) && await LeaseObjects.ReadAsync(store, item, DateTime.UtcNow, deadline.Token).ConfigureAwait(false) is { IsLive: true }))
                    {
                        doomed.Add(item.Key);
                    }
                }

                foreach (var key in doomed)
                {
                    await store.DeleteAsync(key, deadline.Token).ConfigureAwait(false);
                    deleted++;
                }

                deleted += await store.RemoveIncompleteUploadsAsync(folder.Folder, DateTime.UtcNow, deadline.Token).ConfigureAwait(false);
                log.Verbose($"Removed {deleted} object(s) and unfinished upload(s) that a run that is gone left in {store.Location}{folder.Folder}.");
            }
            catch (Exception ex) when (ex is DrException or IOException or UnauthorizedAccessException or OperationCanceledException)
            {
                log.Warning($"Could not remove everything a run that is gone left in {store.Location}{folder.Folder}: {ex.Message}. The next backup of '{source}' tries again.");
            }
        }
    }
}
