using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Leases;

/// <summary>The failures of the write/delete protocol, each with its own id and what to do.</summary>
internal static class LeaseErrors
{
    public static DrException DeletionInProgress(IBackupStore store, string backupId, FoundLease deleting) => new(
        ErrorIds.BackupDeletionInProgress, DrErrorCategory.ResourceBusy,
        $"{Who(deleting)} is deleting the backup {backupId} in {store.Location} right now ({deleting.Describe()}), so it is not written there; nothing of it was changed.",
        "Run again once that run has finished (deleting a backup takes seconds to minutes). If the backup should be kept, check the retention policy.",
        backupId);

    public static DrException WriterInFolder(string operation, IBackupStore store, string backupId, FoundLease writer) => new(
        operation == BackupLease.CopyOperation ? ErrorIds.CopyAlreadyRunning : ErrorIds.BackupAlreadyRunning, DrErrorCategory.ResourceBusy,
        $"Another run is writing the backup {backupId} into {store.Location} right now ({writer.Describe()}); two writers of one backup would spoil each other's uploads.",
        $"Wait for it to finish (or stop it), then run again. A killed run's lease expires by itself within {LeaseTiming.Default.Duration.TotalMinutes:0} minutes.",
        backupId);

    public static DrException AlreadyRunning(IBackupStore store, string source, FoundLease running) => new(
        ErrorIds.BackupAlreadyRunning, DrErrorCategory.ResourceBusy,
        $"Another backup of '{source}' into {store.Location} is running ({running.Describe()}). Two backups of one source into one store would abort each other's uploads, so this one did not start.",
        $"Wait for it to finish (or stop it) and look for overlapping schedules. A killed run's lease expires by itself within {LeaseTiming.Default.Duration.TotalMinutes:0} minutes; the next backup then removes what it left.",
        source);

    public static DrException Lost(IBackupStore store, string key, string? lastError) => new(
        ErrorIds.BackupLeaseLost, DrErrorCategory.WriteError,
        $"The lease {key} in {store.Location} could not be renewed in time{(lastError is null ? string.Empty : $" (last error: {lastError})")}, so another run may have judged this write abandoned. No manifest was written; the backup is not listed.",
        "Check the store's reachability and latency, then run again.", key);

    public static DrException WriteFailed(IBackupStore store, string key, Exception inner) => new(
        ErrorIds.StoreWriteFailed, DrErrorCategory.WriteError,
        $"Writing the lease {key} to {store.Location} failed: {inner.Message}. Nothing was changed.",
        "Check free space, permissions and reachability of the backup store, then run again.", key, inner);

    private static string Who(FoundLease lease) => lease.Record?.Operation switch
    {
        BackupLease.RetentionOperation => "Retention",
        BackupLease.CleanupOperation => "The cleanup of a killed run",
        _ => "Another run",
    };
}
