using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Retention;

/// <summary>What deleting one backup came to: deleted (with the bytes freed), or kept because a writer holds it.</summary>
public sealed record BackupDeletion(bool Deleted, long BytesFreed, FoundLease? HeldBy)
{
    /// <summary>Why the backup was kept, for the retention decision's reasons.</summary>
    public string? KeptBecause => HeldBy is null ? null
        : $"in use: a backup or copy is writing it right now ({HeldBy.Describe()}), so retention leaves it alone and decides again on its next run";
}

/// <summary>
/// Deletes one backup so that it is never listed half-deleted: the manifest goes first (the backup leaves every
/// listing at once), then the parts, then anything else left in the backup's own folder. Only keys inside that
/// folder are ever deleted, so a wrong or hostile manifest cannot make retention delete another backup's data.
/// Before anything is deleted, the deleter claims the folder (<see cref="BackupLease"/>): a backup that a copy or
/// backup is writing right now is kept, never deleted under the writer.
/// </summary>
public sealed class BackupDeleter
{
    private readonly IBackupStore _store;
    private readonly IOperationLog _log;

    public BackupDeleter(IBackupStore store, IOperationLog? log = null)
    {
        _store = store;
        _log = log ?? NullOperationLog.Instance;
    }

    /// <summary>Timing of the deletion claim; tests shorten it.</summary>
    public LeaseTiming? LeaseTiming { get; init; }

    /// <summary>Deletes the backup, or keeps it when a writer holds its folder; throws RetentionDeleteFailed (the manifest still there, or objects left behind).</summary>
    public async Task<BackupDeletion> DeleteAsync(DrBackup backup, CancellationToken ct)
    {
        var folder = FolderOf(backup);
        BackupLease? claim;
        try
        {
            (claim, var writer) = await BackupLease.ClaimForDeletionAsync(_store, folder, BackupLease.RetentionOperation, backup.Source, backup.Id,
                _log, ct, LeaseTiming).ConfigureAwait(false);
            if (claim is null)
            {
                return new BackupDeletion(false, 0, writer);
            }
        }
        catch (Exception ex) when (ex is DrException or IOException or UnauthorizedAccessException)
        {
            throw Failed(backup, $"the folder {folder} could not be claimed for deletion, so the backup is unchanged: {ex.Message}",
                "Check the store's permissions and reachability, then run Invoke-DrRetention again.", ex);
        }

        await using (claim.ConfigureAwait(false))
        {
            return new BackupDeletion(true, await DeleteClaimedAsync(backup, folder, claim.Key, ct).ConfigureAwait(false), null);
        }
    }

    private async Task<long> DeleteClaimedAsync(DrBackup backup, string folder, string claimKey, CancellationToken ct)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await foreach (var item in _store.ListAsync(folder, ct).ConfigureAwait(false))
            {
                if (!await IsHeldAsync(item, claimKey, ct).ConfigureAwait(false))
                {
                    sizes[item.Key] = item.Size;
                }
            }

            await _store.DeleteAsync(backup.ManifestKey, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DrException or IOException or UnauthorizedAccessException)
        {
            throw Failed(backup, $"its manifest {backup.ManifestKey} could not be deleted, so the backup is unchanged: {ex.Message}",
                "Check the store's permissions and reachability, then run Invoke-DrRetention again.", ex);
        }

        // From here the backup is gone from every listing; finish the job even on Ctrl+C so no orphan data stays behind.
        var freed = sizes.GetValueOrDefault(backup.ManifestKey);
        var failures = new List<string>();
        var outside = backup.AllParts.Select(p => p.Key).Where(key => !key.StartsWith(folder, StringComparison.Ordinal)).ToList();
        var keys = backup.AllParts.Select(p => p.Key).Where(key => key.StartsWith(folder, StringComparison.Ordinal))
            .Concat(sizes.Keys).Where(key => key != backup.ManifestKey).Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in keys)
        {
            freed += await TryDeleteAsync(key, sizes, failures).ConfigureAwait(false);
        }

        // Objects that appeared after the first listing (a straggling write) and unfinished uploads. Live leases and
        // deletion markers stay: only their holders remove them (a writer that sees this claim backs off by itself).
        try
        {
            var stragglers = new Dictionary<string, long>(StringComparer.Ordinal);
            await foreach (var item in _store.ListAsync(folder, CancellationToken.None).ConfigureAwait(false))
            {
                if (!keys.Contains(item.Key, StringComparer.Ordinal) && item.Key != backup.ManifestKey
                    && !await IsHeldAsync(item, claimKey, CancellationToken.None).ConfigureAwait(false))
                {
                    stragglers[item.Key] = item.Size;
                }
            }

            foreach (var key in stragglers.Keys)
            {
                freed += await TryDeleteAsync(key, stragglers, failures).ConfigureAwait(false);
            }

            await _store.RemoveIncompleteUploadsAsync(folder, DateTime.UtcNow, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DrException or IOException or UnauthorizedAccessException)
        {
            failures.Add($"{folder}: {ex.Message}");
        }

        if (outside.Count > 0)
        {
            failures.Add($"the manifest names part(s) outside the backup's folder {folder}, which were not deleted: {string.Join(", ", outside)}");
        }

        if (failures.Count > 0)
        {
            throw Failed(backup, $"its manifest is deleted but objects remain: {string.Join("; ", failures)}",
                $"The backup is no longer listed; remove what is left under {folder} by hand after checking it.", null);
        }

        return freed;
    }

    // This run's own claim, and any other live lease or marker, are not this deletion's to remove.
    private async Task<bool> IsHeldAsync(StoreObjectInfo item, string claimKey, CancellationToken ct) =>
        item.Key == claimKey || (LeaseObjects.IsLeaseKey(item.Key)
            && await LeaseObjects.ReadAsync(_store, item, DateTime.UtcNow, ct).ConfigureAwait(false) is { IsLive: true });

    /// <summary>The backup's own folder: the manifest's, when it has the layout's shape &lt;root&gt;/&lt;source&gt;/&lt;id&gt;/.</summary>
    public static string FolderOf(DrBackup backup)
    {
        var key = backup.ManifestKey;
        var folder = key.EndsWith("/" + BackupLayout.ManifestName, StringComparison.Ordinal) ? key[..^BackupLayout.ManifestName.Length] : string.Empty;
        var expected = backup switch
        {
            QdrantBackup q => BackupLayout.QdrantPrefix(q.Collection, q.Id),
            RedisBackup r => BackupLayout.RedisPrefix(r.Name, r.Id),
            KubernetesConfigBackup k => BackupLayout.KubernetesConfigPrefix(k.Namespace, k.Id),
            _ => null,
        };
        var segments = folder.TrimEnd('/').Split('/');
        var shaped = folder.Length > 0 && segments.Length >= 3 && segments[^1] == backup.Id && (expected is null || expected == folder);
        return shaped ? folder : throw Failed(backup,
            $"its manifest key {key} is not <kind>/<source>/{backup.Id}/{BackupLayout.ManifestName}, so its folder cannot be trusted",
            "Inspect the store: a manifest outside its backup's folder was not written by this module.", null);
    }

    private async Task<long> TryDeleteAsync(string key, Dictionary<string, long> sizes, List<string> failures)
    {
        try
        {
            await _store.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
            return sizes.GetValueOrDefault(key);
        }
        catch (Exception ex) when (ex is DrException or IOException or UnauthorizedAccessException)
        {
            failures.Add($"{key}: {ex.Message}");
            return 0;
        }
    }

    private static DrException Failed(DrBackup backup, string why, string action, Exception? inner) => new(
        ErrorIds.RetentionDeleteFailed, DrErrorCategory.WriteError,
        $"Retention could not delete backup {backup.Id}: {why}", action, backup.Id, inner);
}
