using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Catalog;

/// <summary>
/// The step before a restore or a copy acts on a backup: its manifest is read again from the store, must still be
/// there (BackupManifestMissing), must say exactly what the backup object says (BackupManifestChanged), and must
/// carry a valid signature when it has one or a trusted signer is required (BackupSignature*). Throws before
/// anything is changed.
/// </summary>
public static class ManifestGate
{
    public static async Task<StoredManifest> RequireAsync(DrBackup backup, IBackupStore store, IEnumerable<X509Certificate2>? trustedSigners,
        CancellationToken ct)
    {
        var stored = await StoredManifest.ReadAsync(store, BackupLayout.ManifestKeyOf(backup), ct).ConfigureAwait(false);
        if (!stored.Matches(backup))
        {
            throw stored.Changed(backup);
        }

        stored.VerifySignature(ManifestTrust.VerifierFor(store, trustedSigners));
        return stored;
    }

    /// <summary>
    /// For a listing with trusted signers: the backups whose manifest, read again from the store, is signed by a trusted
    /// signer, in the order given, each as the object read from the bytes that were verified. Every other one is passed
    /// to <paramref name="rejected"/> and left out, so nothing downstream (-Latest, a restore) is offered it.
    /// </summary>
    public static async Task<IReadOnlyList<DrBackup>> KeepTrustedAsync(IEnumerable<DrBackup> backups, IBackupStore store,
        ManifestSignatureVerifier verifier, Action<DrException> rejected, CancellationToken ct)
    {
        var kept = new List<DrBackup>();
        foreach (var backup in backups)
        {
            try
            {
                var stored = await StoredManifest.ReadAsync(store, BackupLayout.ManifestKeyOf(backup), ct).ConfigureAwait(false);
                stored.VerifySignature(verifier);
                kept.Add(stored.Backup);
            }
            catch (DrException ex) when (ex.ErrorId is ErrorIds.BackupSignatureMissing or ErrorIds.BackupSignatureInvalid or ErrorIds.BackupSignerUntrusted
                or ErrorIds.BackupManifestMissing or ErrorIds.BackupManifestInvalid)
            {
                rejected(ex);
            }
        }

        return kept;
    }
}
