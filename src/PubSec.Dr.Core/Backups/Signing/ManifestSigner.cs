using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace PubSec.Dr.Backups.Signing;

/// <summary>
/// Signs manifests with a certificate's private key, as a detached CMS SignedData (RFC 5652) over the exact
/// manifest.json bytes: SHA-256, the signing time as a signed attribute, the signer's certificate included. The
/// manifest names every part's size and SHA-256, so the signature covers the whole backup, and
/// <c>openssl cms -verify -binary -inform DER -content manifest.json</c> checks it without this module.
/// The certificate is checked when the signer is made, before any backup work starts.
/// </summary>
public sealed class ManifestSigner
{
    private static readonly Oid Sha256 = new("2.16.840.1.101.3.4.2.1");
    private readonly X509Certificate2 _certificate;

    public ManifestSigner(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _certificate = certificate;
        Validate(certificate);
        // A key that cannot sign (a hardware key refusing, a broken PFX) must fail here, not after a 50 GB backup.
        try
        {
            Sign([0x7b, 0x7d]);
        }
        catch (CryptographicException ex)
        {
            throw SigningErrors.CertificateInvalid(certificate, $"a test signature failed: {ex.Message}", ex);
        }
    }

    public string Subject => _certificate.Subject;

    public string Thumbprint => _certificate.Thumbprint;

    /// <summary>The DER bytes of a detached SignedData over <paramref name="manifest"/>.</summary>
    public byte[] Sign(byte[] manifest)
    {
        var cms = new SignedCms(new ContentInfo(manifest), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _certificate)
        {
            DigestAlgorithm = Sha256,
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(DateTime.UtcNow));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    private static void Validate(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
        {
            throw SigningErrors.CertificateInvalid(certificate, "it has no private key (a public certificate can verify, not sign).");
        }

        using (var rsa = certificate.GetRSAPublicKey())
        using (var ec = certificate.GetECDsaPublicKey())
        {
            if (rsa is null && ec is null)
            {
                throw SigningErrors.CertificateInvalid(certificate,
                    $"its key is {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value}; RSA or ECDSA is needed.");
            }
        }

        var now = DateTime.UtcNow;
        if (certificate.NotAfter.ToUniversalTime() < now || certificate.NotBefore.ToUniversalTime() > now)
        {
            throw SigningErrors.CertificateInvalid(certificate,
                $"it is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now.");
        }

        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is not null && (usage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) == 0)
        {
            throw SigningErrors.CertificateInvalid(certificate, $"its key usage ({usage.KeyUsages}) does not allow digital signatures.");
        }
    }
}
