using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Storage;

/// <summary>
/// What a writer does when it fails before its manifest: its objects are invisible without one and would only eat
/// space, so they are deleted. This also runs after Ctrl+C, so it has its own deadline and only warns about what it
/// could not delete. One place for every writer (Qdrant and Redis backups, the manifest's signature).
/// </summary>
public static class StoreCleanup
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The error of a write to the store that failed (full disk, no permission, connection lost).</summary>
    public static DrException WriteFailed(IBackupStore store, string key, Exception inner) => new(
        ErrorIds.StoreWriteFailed, DrErrorCategory.WriteError,
        $"Writing {key} to {store.Location} failed: {inner.Message}. Nothing of this backup was kept.",
        "Check free space, permissions and reachability of the backup store, then run the backup again.", key, inner);

    /// <summary>Deletes each key, best effort; what cannot be deleted is named to <paramref name="log"/> (when given) and left.</summary>
    public static async Task DeleteQuietlyAsync(IBackupStore store, IEnumerable<string> keys, IOperationLog? log)
    {
        using var cleanup = new CancellationTokenSource(CleanupTimeout);
        foreach (var key in keys)
        {
            try
            {
                await store.DeleteAsync(key, cleanup.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DrException or OperationCanceledException)
            {
                log?.Warning($"Could not delete the unfinished part {key} from {store.Location}: {ex.Message}. It is not listed; delete it by hand.");
            }
        }
    }
}
