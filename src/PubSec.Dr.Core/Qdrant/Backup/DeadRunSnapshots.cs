using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Qdrant.Backup;

/// <summary>
/// Deletes the server snapshots that a backup run which died (kill -9, OOM, node drain) recorded in its lease:
/// exactly those, on the peer that made each, and only names of the shape Qdrant gives the module's snapshots of
/// this collection. Snapshots the lease does not name (an operator's own, another run's) are never touched.
/// </summary>
internal sealed class DeadRunSnapshots(QdrantBackupPlan plan, IOperationLog log)
{
    /// <summary>True when none of the recorded snapshots is left (deleted now, or already gone).</summary>
    public async Task<bool> RemoveAsync(LeaseRecord dead, CancellationToken ct)
    {
        var allGone = true;
        foreach (var snapshot in dead.ServerSnapshots)
        {
            var shaped = snapshot.Collection == plan.Collection && !snapshot.Name.Contains('/')
                && snapshot.Name.StartsWith($"{snapshot.Collection}-{snapshot.PeerId}-", StringComparison.Ordinal)
                && snapshot.Name.EndsWith(".snapshot", StringComparison.Ordinal);
            if (!shaped)
            {
                log.Warning($"The lease of a run that is gone names '{snapshot.Name}' of '{snapshot.Collection}' on peer {snapshot.PeerId}, which is not a snapshot this module makes of '{plan.Collection}'; it was not deleted.");
                continue;
            }

            var node = plan.Nodes.FirstOrDefault(n => n.PeerId == snapshot.PeerId);
            if (node is null)
            {
                log.Warning($"The snapshot {snapshot.Name} that a run that is gone left on peer {snapshot.PeerId} ({snapshot.NodeUri}) was not deleted: that peer is not among this backup's nodes. Delete it on that node by hand to free its disk.");
                continue;
            }

            try
            {
                await node.Client.DeleteSnapshotAsync(plan.Collection, snapshot.Name, ct).ConfigureAwait(false);
                log.Verbose($"Deleted the server snapshot {snapshot.Name} on {node.Client.DisplayUri}, left by a run that is gone.");
            }
            catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantSnapshotNotFound)
            {
                // Already gone: that run deleted it before it died, or someone did by hand.
            }
            catch (DrException ex)
            {
                allGone = false;
                log.Warning($"Could not delete the server snapshot {snapshot.Name} on {node.Client.DisplayUri}, left by a run that is gone: {ex.Message}. The next backup tries again.");
            }
        }

        return allGone;
    }
}
