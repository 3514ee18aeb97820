using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Qdrant;

/// <summary>
/// Removes what a backup leaves behind: server-side snapshots (they fill the nodes' disks) and stored parts
/// of a backup that failed before its manifest. Cleanup runs even after Ctrl+C, so it has its own deadline
/// and only warns when it cannot finish.
/// </summary>
internal sealed class BackupCleanup
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);
    private readonly IBackupStore _store;
    private readonly IOperationLog _log;

    public BackupCleanup(IBackupStore store, IOperationLog log)
    {
        _store = store;
        _log = log;
    }

    public Task DeleteStoredPartsAsync(IEnumerable<QdrantBackupPart> parts) =>
        StoreCleanup.DeleteQuietlyAsync(_store, parts.Select(p => p.Key), _log);

    public async Task DeleteServerSnapshotsAsync(QdrantBackupPlan plan, IReadOnlyList<SnapshotDescription?> snapshots)
    {
        // Cleanup must happen even when the backup was cancelled, so it gets its own short deadline.
        using var cleanup = new CancellationTokenSource(CleanupTimeout);
        for (var i = 0; i < snapshots.Count; i++)
        {
            if (snapshots[i] is not { } snapshot)
            {
                continue;
            }

            try
            {
                await plan.Nodes[i].Client.DeleteSnapshotAsync(plan.Collection, snapshot.Name, cleanup.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DrException or OperationCanceledException)
            {
                _log.Warning($"Could not delete the server snapshot {snapshot.Name} on {plan.Nodes[i].Client.DisplayUri}: {ex.Message}. Delete it by hand to free the node's disk.");
            }
        }
    }
}
