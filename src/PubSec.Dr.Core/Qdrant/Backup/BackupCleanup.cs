using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Backup;

/// <summary>
/// Removes the server-side snapshots a backup made (they fill the nodes' disks); its stored parts are
/// <see cref="Catalog.BackupWrite"/>'s. Cleanup runs even after Ctrl+C, so it has its own deadline and only warns
/// when it cannot finish.
/// </summary>
internal sealed class BackupCleanup
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);
    private readonly IOperationLog _log;

    public BackupCleanup(IOperationLog log) => _log = log;

    public async Task DeleteServerSnapshotsAsync(QdrantBackupPlan plan, IReadOnlyList<SnapshotDescription?> snapshots)
    {
        // Cleanup must happen even when the backup was cancelled, so it gets its own short deadline.
        using var cleanup = new CancellationTokenSource(CleanupTimeout);
        // Every node at once: each delete is one request to a different node.
        await Task.WhenAll(snapshots.Select((snapshot, i) => (snapshot, i)).Where(x => x.snapshot is not null)
            .Select(x => DeleteAsync(plan, plan.Nodes[x.i], x.snapshot!, cleanup.Token))).ConfigureAwait(false);
    }

    private async Task DeleteAsync(QdrantBackupPlan plan, QdrantNodeView node, SnapshotDescription snapshot, CancellationToken ct)
    {
        try
        {
            await node.Client.DeleteSnapshotAsync(plan.Collection, snapshot.Name, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DrException or OperationCanceledException)
        {
            _log.Warning($"Could not delete the server snapshot {snapshot.Name} on {node.Client.DisplayUri}: {ex.Message}. Delete it by hand to free the node's disk.");
        }
    }
}
