using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// Deletes, through the API, the copies Qdrant keeps of the parts a restore uploaded (reference §2.2, §2.6): each is
/// as large as the part, and a restore a day fills a node's disk. It runs right after each node's recovery, also
/// after a failure or Ctrl+C, so it has its own short deadline and only warns when it cannot finish. For a scratch
/// collection it must run before the collection is dropped: the dropped collection's snapshots folder stays on disk
/// (§5.3) and the API, which answers 404 for a missing collection, can no longer reach the file.
/// </summary>
internal sealed class UploadedSnapshotCleanup
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);
    private readonly IOperationLog _log;

    public UploadedSnapshotCleanup(IOperationLog log) => _log = log;

    /// <summary>Deletes one upload; false (after a warning) when it may still be on the node.</summary>
    public async Task<bool> DeleteAsync(IQdrantNode node, string collection, string name)
    {
        using var cleanup = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await node.DeleteSnapshotAsync(collection, name, cleanup.Token).ConfigureAwait(false);
            _log.Verbose($"Deleted the uploaded copy {name} of '{collection}' on {node.DisplayUri}.");
            return true;
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantSnapshotNotFound)
        {
            // Qdrant refused the upload before keeping it (checksum), or it was cancelled while being sent.
            return true;
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantCollectionNotFound)
        {
            _log.Warning($"Could not delete the uploaded snapshot {name} on {node.DisplayUri}: the collection '{collection}' does not exist there, "
                + $"so the API cannot reach its snapshots. If Qdrant received the file, it is in <snapshots_path>/{collection}/{name} on that node; delete it there.");
            return false;
        }
        catch (Exception ex) when (ex is DrException or OperationCanceledException)
        {
            _log.Warning($"Could not delete the uploaded snapshot {name} of '{collection}' on {node.DisplayUri}: {ex.Message}. "
                + $"It takes the part's size on the node's disk: delete it with DELETE /collections/{collection}/snapshots/{name}.");
            return false;
        }
    }

    /// <summary>
    /// Deletes what earlier restores of the collection left on the node because they were killed before their own
    /// cleanup: only names of the module's upload form (<see cref="UploadedSnapshotName.IsUpload"/>), never others.
    /// </summary>
    public async Task<int> DeleteLeftoversAsync(IQdrantNode node, string collection, CancellationToken ct)
    {
        var deleted = 0;
        try
        {
            foreach (var leftover in (await node.ListSnapshotsAsync(collection, ct).ConfigureAwait(false)).Where(s => UploadedSnapshotName.IsUpload(s.Name)))
            {
                _log.Verbose($"Deleting {leftover.Name} ({leftover.Size} bytes) of '{collection}' on {node.DisplayUri}, left by an interrupted restore.");
                await node.DeleteSnapshotAsync(collection, leftover.Name, ct).ConfigureAwait(false);
                deleted++;
            }
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantCollectionNotFound)
        {
            // No collection, no leftovers the API could reach.
        }
        catch (DrException ex)
        {
            // Old leftovers must not stop a restore; the upload that follows reports a node that really fails.
            _log.Warning($"Could not delete the uploads left by interrupted restores of '{collection}' on {node.DisplayUri}: {ex.Message}. "
                + $"List them with GET /collections/{collection}/snapshots (names starting with {UploadedSnapshotName.Prefix}) and delete them.");
        }

        return deleted;
    }
}
