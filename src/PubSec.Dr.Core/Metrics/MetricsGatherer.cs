using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Drills;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Metrics;

/// <summary>
/// Reads what the metrics are computed from in one store: the catalog (as Get-DrBackup lists it), the restore proofs,
/// the integrity verdicts, the drill history of the environment given (else of every environment whose drills the store
/// holds), and, when a probe is given, the Redis replication lag measured now.
/// Unreadable manifests and records go to the error callback; the metrics are computed from the rest.
/// </summary>
public static class MetricsGatherer
{
    public static async Task<MetricsInput> ReadAsync(IBackupStore store, string? environment, DateTimeOffset asOf, Action<DrException> error, CancellationToken ct,
        ReplicationProbe? replication = null)
    {
        var backups = await new BackupListing(store).ListAsync(error, _ => { }, ct).ConfigureAwait(false);
        var proofs = await new RestoreProofStore(store).ListAsync(error, ct).ConfigureAwait(false);
        var verdicts = await new IntegrityVerdictStore(store).ListAsync(error, ct).ConfigureAwait(false);
        var lags = replication is null ? [] : await replication.MeasureAsync(ct).ConfigureAwait(false);
        var history = new DrillHistoryStore(store);
        var drills = new List<DrillHistory>();
        foreach (var name in environment is null ? await EnvironmentsAsync(store, ct).ConfigureAwait(false) : [environment])
        {
            try
            {
                drills.Add(await history.ReadAsync(name, null, null, ct).ConfigureAwait(false));
            }
            catch (DrException ex) when (ex.ErrorId == ErrorIds.DrillRecordInvalid)
            {
                error(ex);
            }
        }

        return new MetricsInput { Backups = backups, Proofs = proofs, Verdicts = verdicts, Replication = lags, Drills = [.. drills.Where(h => h.Drills.Count > 0 || h.Environment == environment)], AsOf = asOf };
    }

    // drills/<environment>/<history>.json: the environments are the folders holding at least one history object.
    private static async Task<IReadOnlyList<string>> EnvironmentsAsync(IBackupStore store, CancellationToken ct)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var info in store.ListAsync(DrillNames.Root(string.Empty).TrimEnd('/') + "/", ct).ConfigureAwait(false))
        {
            var parts = info.Key.Split('/');
            if (parts.Length == 3 && DrillNames.IsHistory(parts[1], info.Key))
            {
                names.Add(parts[1]);
            }
        }

        return [.. names];
    }
}
