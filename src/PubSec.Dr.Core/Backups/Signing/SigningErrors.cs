using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Backups.Signing;

/// <summary>The errors of manifest signing and verification, in one place so every path words them the same way.</summary>
internal static class SigningErrors
{
    private const string BreachAction =
        "Do not restore from this backup: its manifest, which names every part's SHA-256, is not provably the one a trusted signer wrote. Use an older backup that passes with -TrustedSigner, or a copy in another store, and follow the security-breach procedure.";

    public static DrException CertificateInvalid(X509Certificate2 certificate, string why, Exception? inner = null) => new(
        ErrorIds.BackupSigningCertificateInvalid, DrErrorCategory.InvalidArgument,
        $"The signing certificate '{certificate.Subject}' (thumbprint {certificate.Thumbprint}) cannot sign manifests: {why}",
        "Pass a certificate with its private key (RSA or ECDSA) that is valid now and whose key usage, if any, allows digital signatures, e.g. from Get-PfxCertificate or [System.Security.Cryptography.X509Certificates.X509Certificate2]::new(<pfx>, <password>).",
        certificate.Thumbprint, inner);

    public static DrException Missing(string backupId, string signatureKey, IReadOnlyCollection<X509Certificate2> trusted) => new(
        ErrorIds.BackupSignatureMissing, DrErrorCategory.SecurityError,
        $"Backup {backupId} has no manifest signature ({signatureKey} is not in the store), but a signature by {Describe(trusted)} is required.",
        "Unsigned backups cannot be proven unaltered. Back up with -SigningCertificate; if this backup was signed, its signature was removed: " + BreachAction,
        backupId);

    public static DrException Invalid(string backupId, string signatureKey, string why, Exception? inner = null) => new(
        ErrorIds.BackupSignatureInvalid, DrErrorCategory.SecurityError,
        $"The manifest of backup {backupId} does not match its signature {signatureKey}: {why}",
        BreachAction, backupId, inner);

    public static DrException Untrusted(string backupId, string signatureKey, IEnumerable<X509Certificate2> signers, IReadOnlyCollection<X509Certificate2> trusted) => new(
        ErrorIds.BackupSignerUntrusted, DrErrorCategory.SecurityError,
        $"The manifest of backup {backupId} is signed ({signatureKey}) by {Describe(signers.ToList())}, which is none of the trusted signers {Describe(trusted)}.",
        "If that certificate is one of yours (a renewed signing certificate), add it to -TrustedSigner. Otherwise someone re-signed the manifest: " + BreachAction,
        backupId);

    public static string Describe(IReadOnlyCollection<X509Certificate2> certificates) => certificates.Count == 0
        ? "no known certificate"
        : string.Join(", ", certificates.Select(c => $"'{c.Subject}' (thumbprint {c.Thumbprint})"));
}
