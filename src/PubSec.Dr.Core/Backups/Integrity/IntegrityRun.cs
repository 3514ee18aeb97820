using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// Test-BackupIntegrity as one operation for one backup: which store to read (the one given, else the backup's),
/// the check at the level asked for, and the errors to report beside the report: one per failed check, targeting
/// that check, or one for the backup when it could not be checked at all. Only a missing scratch cluster for
/// -Level Restore throws, since it fails every backup alike.
/// </summary>
public sealed class IntegrityRun(IOperationLog log)
{
    /// <summary>The store to read instead of the backup's own.</summary>
    public IBackupStore? Store { get; init; }

    /// <summary>Makes the scratch-restore check (Level Restore) for the store being read; null when no scratch cluster was given.</summary>
    public Func<IBackupStore, IRestoreProbe>? ScratchRestore { get; init; }

    public DecryptionKeyRing? Decryption { get; init; }

    public IReadOnlyList<X509Certificate2> TrustedSigners { get; init; } = [];

    /// <summary>Records every verdict in the store read (-Record), for Get-DrStatus' last integrity verdict.</summary>
    public bool RecordVerdict { get; init; }

    public async Task<(IntegrityReport? Report, IReadOnlyList<(DrException Error, object Target)> Errors)> CheckAsync(DrBackup backup, IntegrityLevel level,
        IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var store = Store ?? backup.Store;
        if (store is null)
        {
            return (null, [(new DrException(ErrorIds.BackupStoreUnknown, DrErrorCategory.InvalidArgument, $"The backup {backup.Id} does not say which store it is in.",
                "Pass -Store, or pipe backups from Get-DrBackup or New-QdrantBackup.", backup), backup)]);
        }

        if (level == IntegrityLevel.Restore && ScratchRestore is null)
        {
            throw new DrException(ErrorIds.IntegrityScratchUriMissing, DrErrorCategory.InvalidArgument,
                "-Level Restore restores the backup into a scratch collection and needs -ScratchQdrantUri.",
                "Give the REST URIs of every node of a cluster that may hold a scratch collection (one node per backup part).", level);
        }

        var checker = new IntegrityChecker(store, log) { ScratchRestore = ScratchRestore?.Invoke(store), Decryption = Decryption, TrustedSigners = TrustedSigners };
        IntegrityReport report;
        try
        {
            report = await checker.CheckAsync(backup, level, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DrException ex)
        {
            return (null, [(ex, backup)]);
        }

        var errors = report.Checks.Where(c => !c.Passed).Select(failed => (IntegrityAdvice.ErrorFor(report, failed), (object)failed)).ToList();
        if (level == IntegrityLevel.Restore && report.Verdict == IntegrityVerdict.Passed && await SaveProofAsync(store, report, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            errors.Add((failure, report));
        }

        if (RecordVerdict && await SaveVerdictAsync(store, report, cancellationToken).ConfigureAwait(false) is { } notRecorded)
        {
            errors.Add((notRecorded, report));
        }

        return (report, errors);
    }

    // The verdict stands if its record cannot be written (read-only credentials): the error says the status will not show it.
    private static async Task<DrException?> SaveVerdictAsync(IBackupStore store, IntegrityReport report, CancellationToken ct)
    {
        try
        {
            await new IntegrityVerdictStore(store).SaveAsync(IntegrityVerdictRecord.From(report), ct).ConfigureAwait(false);
            return null;
        }
        catch (DrException ex)
        {
            return new DrException(ErrorIds.IntegrityRecordWriteFailed, DrErrorCategory.WriteError,
                $"Backup {report.BackupId} was checked ({report.Verdict}), but the verdict could not be recorded in {store.Location}: {ex.Message}",
                "Check that the store is writable with these credentials, or leave out -Record; until then Get-DrStatus shows an older verdict.", report.BackupId, ex);
        }
    }

    // A passing restore is recorded in the store it was read from, so Export-DrMetrics can tell the newest backup
    // proven restorable from the newest written. The verdict stands if the record cannot be written; the error says
    // the metrics will not show it.
    private static async Task<DrException?> SaveProofAsync(IBackupStore store, IntegrityReport report, CancellationToken ct)
    {
        var proof = new RestoreProof
        {
            BackupId = report.BackupId,
            Kind = report.Kind,
            Source = report.Collection,
            BackupCompletedAt = report.Backup?.CompletedAt ?? default,
            ProvenAt = report.CheckedAt + report.Duration,
            ProvenBy = "Test-BackupIntegrity -Level Restore",
        };
        try
        {
            await new RestoreProofStore(store).SaveAsync(proof, ct).ConfigureAwait(false);
            return null;
        }
        catch (DrException ex)
        {
            return new DrException(ErrorIds.RestoreProofWriteFailed, DrErrorCategory.WriteError,
                $"Backup {report.BackupId} passed the restore test, but its proof could not be written to {store.Location}: {ex.Message}",
                "Check that the store is writable; until a proof is written, Export-DrMetrics does not count this backup as verified restorable.", report.BackupId, ex);
        }
    }
}
