using PubSec.Dr.Errors;
using PubSec.Dr.Leases;
using PubSec.Dr.Operations;
using PubSec.Dr.Signing;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Catalog;

/// <summary>
/// The last step of every backup writer (Qdrant, Redis RDB, Redis logical): the run's lease must have been held
/// without a gap, then the manifest is written (parts checked, signature first; <see cref="BackupCatalog"/>). When
/// that fails, the parts go too: without a manifest they are invisible and would only eat space.
/// </summary>
internal static class ManifestCommit
{
    public static async Task WriteAsync(IBackupStore store, DrBackup backup, string manifestKey, ManifestSigner? signer, BackupLease lease,
        IOperationLog log, CancellationToken ct)
    {
        try
        {
            lease.ThrowIfLost();
            await new BackupCatalog(store) { Signer = signer }.WriteManifestAsync(backup, manifestKey, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException or DrException)
        {
            await StoreCleanup.DeleteQuietlyAsync(store, backup.AllParts.Select(p => p.Key), log).ConfigureAwait(false);
            throw ex is OperationCanceledException or DrException ? ex : StoreCleanup.WriteFailed(store, manifestKey, ex);
        }
    }
}
