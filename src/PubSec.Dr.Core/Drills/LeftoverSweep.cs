using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Failover;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Drills;

/// <summary>
/// Before a drill creates anything: the ledgers of drills that are gone (their process dead on this host, or their
/// lease expired) are read, everything they name is removed with the remover of its kind, and the ledger is deleted.
/// A drill that is still running (a live ledger) is left alone. What could not be removed stays in its ledger.
/// </summary>
public sealed class LeftoverSweep(IBackupStore store, DrEnvironment environment, IReadOnlyDictionary<string, IDrillResourceRemover> removers,
    FailoverLeasePolicy lease, IOperationLog log)
{
    public async Task<List<DrillResource>> RunAsync(DrillPhase phase, CancellationToken ct)
    {
        var removed = new List<DrillResource>();
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(DrillNames.RunningPrefix(environment.Name), ct).ConfigureAwait(false))
        {
            keys.Add(info.Key);
        }

        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            var ledger = await DrillStoreObjects.ReadAsync<DrillLedgerRecord>(store, key, ct).ConfigureAwait(false);
            if (ledger is null)
            {
                continue;
            }

            if (lease.HeldByOther(new FailoverLease(ledger.Owner, ledger.ExpiresAt), DateTimeOffset.UtcNow))
            {
                phase.Details.Add($"Drill {ledger.Id} ({ledger.Scenario}, {ledger.Owner}) is still running; its resources are left alone.");
                continue;
            }

            var left = await RemoveAllAsync(ledger, removed, phase, ct).ConfigureAwait(false);
            if (left == 0)
            {
                await store.DeleteAsync(key, ct).ConfigureAwait(false);
                phase.Details.Add($"Drill {ledger.Id} ({ledger.Scenario}, started {ledger.StartedAt:u}) was killed; its leftovers are removed.");
            }
            else
            {
                await DrillStoreObjects.WriteAsync(store, key, ledger, ct).ConfigureAwait(false);
            }
        }

        return removed;
    }

    private async Task<int> RemoveAllAsync(DrillLedgerRecord ledger, List<DrillResource> removed, DrillPhase phase, CancellationToken ct)
    {
        var left = 0;
        foreach (var resource in ledger.Resources.Where(r => r.RemovedAt is null))
        {
            try
            {
                await RemoverOf(removers, resource).RemoveLeftoverAsync(environment, resource, ct).ConfigureAwait(false);
                resource.RemovedAt = DateTimeOffset.UtcNow;
                removed.Add(resource);
                phase.Details.Add($"Removed the leftover {resource} of drill {ledger.Id}.");
            }
            catch (DrException ex)
            {
                left++;
                log.Warning($"Could not remove the leftover {resource} of drill {ledger.Id}: {ex.Message}");
                phase.Details.Add($"Could not remove the leftover {resource} of drill {ledger.Id}: {ex.Message}");
            }
        }

        return left;
    }

    /// <summary>Removes one resource with the remover of its kind (shared with the drill's own cleanup).</summary>
    public static Task RemoveAsync(DrEnvironment environment, IReadOnlyDictionary<string, IDrillResourceRemover> removers, DrillResource resource,
        CancellationToken ct) => RemoverOf(removers, resource).RemoveAsync(environment, resource, ct);

    private static IDrillResourceRemover RemoverOf(IReadOnlyDictionary<string, IDrillResourceRemover> removers, DrillResource resource) =>
        removers.TryGetValue(resource.Kind, out var remover)
            ? remover
            : throw new DrException(ErrorIds.DrillCleanupFailed, DrErrorCategory.NotImplemented,
                $"No remover knows drill resources of kind '{resource.Kind}' ({resource}).",
                "Remove it by hand, then delete its drill ledger under drills/<environment>/running/.", resource);
}
