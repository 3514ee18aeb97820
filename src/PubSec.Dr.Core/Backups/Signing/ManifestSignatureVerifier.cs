using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;

namespace PubSec.Dr.Backups.Signing;

/// <summary>
/// Verifies a manifest's detached signature over the manifest bytes read from the store.
/// Trusted means exactly: every signature in the SignedData verifies over those bytes (the math), and at least
/// one of them was made with the key of a certificate equal, byte for byte, to one of <see cref="TrustedSigners"/>.
/// No chain is built and no system root store, revocation list or expiry date is consulted: the operator's list
/// is the whole trust decision, so a self-signed certificate kept for backups works offline, in a runbook or
/// after the signing certificate expired (a signature made while it was valid stays valid). To stop trusting a
/// signer, remove its certificate from the list.
/// Without trusted signers, a signature that is present is still checked (a broken one means the manifest
/// changed after signing), but an unsigned backup passes and the signer is reported, not judged.
/// </summary>
public sealed class ManifestSignatureVerifier
{
    private readonly X509Certificate2[] _trusted;

    public ManifestSignatureVerifier(IEnumerable<X509Certificate2>? trustedSigners)
    {
        _trusted = (trustedSigners ?? []).Where(c => c is not null)
            .DistinctBy(c => Convert.ToHexString(c.RawData)).ToArray();
    }

    /// <summary>A verifier with no trusted signer: checks only the signatures that are there.</summary>
    public static ManifestSignatureVerifier None { get; } = new(null);

    public IReadOnlyList<X509Certificate2> TrustedSigners => _trusted;

    /// <summary>Whether a backup must be signed by a trusted signer to pass.</summary>
    public bool RequiresTrustedSigner => _trusted.Length > 0;

    /// <summary>
    /// The signer of <paramref name="manifest"/>, or null for an unsigned manifest when no trusted signer is required.
    /// Throws BackupSignatureMissing, BackupSignatureInvalid or BackupSignerUntrusted.
    /// </summary>
    public ManifestSignature? Verify(byte[] manifest, byte[]? signature, string backupId, string signatureKey)
    {
        if (signature is null)
        {
            return RequiresTrustedSigner ? throw SigningErrors.Missing(backupId, signatureKey, _trusted) : null;
        }

        var cms = new SignedCms(new ContentInfo(manifest), detached: true);
        try
        {
            cms.Decode(signature);
        }
        catch (CryptographicException ex)
        {
            throw SigningErrors.Invalid(backupId, signatureKey, $"it is not a DER-encoded CMS SignedData ({ex.Message})", ex);
        }

        // A SignedData that carries its own content signs those bytes, not the manifest beside it.
        if (!cms.Detached || !cms.ContentInfo.Content.AsSpan().SequenceEqual(manifest))
        {
            throw SigningErrors.Invalid(backupId, signatureKey, "it is not a detached signature of the manifest");
        }

        if (cms.SignerInfos.Count == 0)
        {
            throw SigningErrors.Invalid(backupId, signatureKey, "it holds no signature");
        }

        try
        {
            // The trusted certificates are offered too, for a SignedData that does not include its signer's certificate.
            cms.CheckSignature(new X509Certificate2Collection(_trusted), verifySignatureOnly: true);
        }
        catch (CryptographicException ex)
        {
            throw SigningErrors.Invalid(backupId, signatureKey, $"the signature does not verify over the manifest's bytes ({ex.Message})", ex);
        }

        var signers = cms.SignerInfos.Cast<SignerInfo>().Select(info => (Info: info, Certificate: CertificateOf(info, cms))).ToList();
        var trusted = signers.FirstOrDefault(s => s.Certificate is { } c && _trusted.Any(t => t.RawData.AsSpan().SequenceEqual(c.RawData)));
        if (RequiresTrustedSigner && trusted.Certificate is null)
        {
            throw SigningErrors.Untrusted(backupId, signatureKey, signers.Select(s => s.Certificate).OfType<X509Certificate2>(), _trusted);
        }

        var (info, certificate) = trusted.Certificate is null ? signers[0] : trusted;
        var time = info.SignedAttributes.Cast<CryptographicAttributeObject>().SelectMany(a => a.Values.Cast<AsnEncodedData>())
            .OfType<Pkcs9SigningTime>().Select(t => (DateTime?)t.SigningTime.ToUniversalTime()).FirstOrDefault();
        return new ManifestSignature(certificate?.Subject ?? "(certificate not included)", certificate?.Thumbprint ?? string.Empty, time,
            trusted.Certificate is not null);
    }

    // The certificate a signature was made with: the one the SignedData includes, else a trusted one it names.
    private X509Certificate2? CertificateOf(SignerInfo info, SignedCms cms) =>
        info.Certificate ?? _trusted.Concat(cms.Certificates.Cast<X509Certificate2>()).FirstOrDefault(c => Names(info.SignerIdentifier, c));

    private static bool Names(SubjectIdentifier identifier, X509Certificate2 certificate) => identifier.Value switch
    {
        X509IssuerSerial serial => serial.IssuerName == certificate.Issuer
            && string.Equals(serial.SerialNumber, certificate.SerialNumber, StringComparison.OrdinalIgnoreCase),
        string keyId => certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>()
            .Any(e => string.Equals(e.SubjectKeyIdentifier, keyId, StringComparison.OrdinalIgnoreCase)),
        _ => false,
    };
}
