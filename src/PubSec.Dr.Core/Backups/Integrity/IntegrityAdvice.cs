using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// The error a failed integrity check is reported as: its category and what to do depend on the failure. A
/// missing decryption key is the operator's to fix, not a sign that the store was altered, and must not read
/// like one; a signature or manifest failure calls for the security-breach procedure.
/// </summary>
public static class IntegrityAdvice
{
    public const string DoNotRestore =
        "Do not restore from this backup; use an older one that passes (Get-DrBackup | Test-BackupIntegrity) and find out what altered the store.";

    public static DrException ErrorFor(IntegrityReport report, IntegrityCheck failed)
    {
        var errorId = failed.ErrorId ?? ErrorIds.BackupArchiveMalformed;
        var (category, action) = errorId switch
        {
            ErrorIds.BackupDecryptionKeyNotFound => (DrErrorCategory.ObjectNotFound,
                EncryptionErrors.PassCertificateHint + " The stored bytes were still checked against the manifest (PartStoredChecksum)."),
            ErrorIds.BackupDecryptionFailed => (DrErrorCategory.InvalidData,
                "If PartStoredChecksum passed, the stored bytes are as written and the key is the wrong one: pass the recipient's own certificate and key. Otherwise " + DoNotRestore),
            ErrorIds.BackupManifestMissing => (DrErrorCategory.ObjectNotFound,
                "The backup was deleted or moved after it was listed. List the store again (Get-DrBackup); if nobody deleted it (retention, an operator), treat the store as compromised."),
            ErrorIds.BackupManifestChanged => (DrErrorCategory.InvalidData,
                "The manifest in the store was rewritten after this backup object was obtained; the checks used the store's manifest. List the backup again (Get-DrBackup -Id) and check it; if nobody rewrote it, treat the store as compromised."),
            ErrorIds.BackupSignatureMissing or ErrorIds.BackupSignatureInvalid or ErrorIds.BackupSignerUntrusted => (DrErrorCategory.SecurityError,
                "Do not restore from this backup: its manifest, which names every part's SHA-256, is not provably the one a trusted signer wrote. Use an older backup that passes with -TrustedSigner, or a copy in another store, and follow the security-breach procedure."),
            _ => (DrErrorCategory.InvalidData, DoNotRestore),
        };
        return new DrException(errorId, category, $"Backup {report.BackupId}: {failed.Name} failed for {failed.Target}: {failed.Detail}", action, failed);
    }
}
