using PubSec.Dr.Errors;

namespace PubSec.Dr.Backups.Encryption;

/// <summary>The errors of part encryption, in one place so every path words them the same way.</summary>
internal static class EncryptionErrors
{
    public const string PassCertificateHint =
        "Pass a certificate with its private key: -DecryptionCertificate (Get-PfxCertificate -FilePath <pfx>, or [System.Security.Cryptography.X509Certificates.X509Certificate2]::new(<pfx>, <password>)), or import it into the CurrentUser\\My (or LocalMachine\\My) certificate store.";

    public static DrException CertificateInvalid(string subject, string why) => new(
        ErrorIds.BackupEncryptionCertificateInvalid, DrErrorCategory.InvalidArgument,
        $"The encryption certificate '{subject}' cannot be used: {why}",
        "Use an RSA certificate whose key usage allows key encipherment (or has no key usage extension).", subject);

    public static DrException KeyNotFound(string what, IEnumerable<EncryptionRecipient> recipients) => new(
        ErrorIds.BackupDecryptionKeyNotFound, DrErrorCategory.ObjectNotFound,
        $"No private key is at hand for {what}; it was encrypted for {Describe(recipients)}.",
        PassCertificateHint, what);

    public static DrException Failed(string what, string why, Exception? inner) => new(
        ErrorIds.BackupDecryptionFailed, DrErrorCategory.InvalidData,
        $"{what} could not be decrypted: {why}",
        "Check that the certificate is the one the backup was encrypted for (same key, not only the same subject) and that the stored part is unaltered (Test-BackupIntegrity).",
        what, inner);

    public static string Describe(IEnumerable<EncryptionRecipient> recipients)
    {
        var list = recipients.Select(r => $"'{r.Subject}' (thumbprint {r.Thumbprint})").ToList();
        return list.Count == 0 ? "no recorded recipient" : string.Join(", ", list);
    }
}
