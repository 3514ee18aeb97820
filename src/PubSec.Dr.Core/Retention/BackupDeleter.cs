using PubSec.Dr.Catalog;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Retention;

/// <summary>
/// Deletes one backup so that it is never listed half-deleted: the manifest goes first (the backup leaves every
/// listing at once), then the parts, then anything else left in the backup's own folder. Only keys inside that
/// folder are ever deleted, so a wrong or hostile manifest cannot make retention delete another backup's data.
/// </summary>
public sealed class BackupDeleter
{
    private readonly IBackupStore _store;

    public BackupDeleter(IBackupStore store) => _store = store;

    /// <summary>Returns the bytes freed; throws RetentionDeleteFailed (the manifest still there, or objects left behind).</summary>
    public async Task<long> DeleteAsync(DrBackup backup, CancellationToken ct)
    {
        var folder = FolderOf(backup);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await foreach (var item in _store.ListAsync(folder, ct).ConfigureAwait(false))
            {
                sizes[item.Key] = item.Size;
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

        // Objects that appeared after the first listing (a straggling write) and unfinished uploads.
        try
        {
            var stragglers = new Dictionary<string, long>(StringComparer.Ordinal);
            await foreach (var item in _store.ListAsync(folder, CancellationToken.None).ConfigureAwait(false))
            {
                if (!keys.Contains(item.Key, StringComparer.Ordinal) && item.Key != backup.ManifestKey)
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

    /// <summary>The backup's own folder: the manifest's, when it has the layout's shape &lt;root&gt;/&lt;source&gt;/&lt;id&gt;/.</summary>
    public static string FolderOf(DrBackup backup)
    {
        var key = backup.ManifestKey;
        var folder = key.EndsWith("/" + BackupLayout.ManifestName, StringComparison.Ordinal) ? key[..^BackupLayout.ManifestName.Length] : string.Empty;
        var expected = backup switch
        {
            QdrantBackup q => BackupLayout.QdrantPrefix(q.Collection, q.Id),
            RedisBackup r => BackupLayout.RedisPrefix(r.Name, r.Id),
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
