using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;

namespace PubSec.Dr.Backups.Encryption;

/// <summary>
/// Encrypts backup parts for a fixed set of recipient certificates as streaming CMS EnvelopedData (RFC 5652):
/// AES-256-CBC content, the content key wrapped with RSA for each certificate. The output is what
/// <c>openssl cms -decrypt -inform DER</c> opens. Only public keys are needed here.
/// </summary>
public sealed class PartEncryptor
{
    public const string ContentAlgorithm = "aes256-cbc";
    private const int ChunkSize = 1 << 16;
    private readonly Org.BouncyCastle.X509.X509Certificate[] _certificates;

    public PartEncryptor(IReadOnlyCollection<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        if (certificates.Count == 0)
        {
            throw EncryptionErrors.CertificateInvalid("(none)", "at least one recipient certificate is needed.");
        }

        foreach (var certificate in certificates)
        {
            Validate(certificate);
        }

        _certificates = certificates.Select(DotNetUtilities.FromX509Certificate).ToArray();
        Recipients = certificates.Select(Describe).ToArray();
    }

    public IReadOnlyList<EncryptionRecipient> Recipients { get; }

    /// <summary>The manifest's description of a part this encryptor wrote: recipients only, never a key.</summary>
    public PartEncryption DescribePart() => new()
    {
        Format = PartEncryption.CmsFormat,
        ContentAlgorithm = ContentAlgorithm,
        Recipients = Recipients.Select(r => new EncryptionRecipient
        {
            Subject = r.Subject, Issuer = r.Issuer, SerialNumber = r.SerialNumber, Thumbprint = r.Thumbprint,
        }).ToArray(),
    };

    /// <summary>A stream that takes plaintext and writes the CMS envelope into <paramref name="destination"/>, measuring what it writes.</summary>
    public EncryptingWriteStream Open(Stream destination)
    {
        var generator = new CmsEnvelopedDataStreamGenerator();
        // The BER octet chunk size: BouncyCastle's default (1000 bytes) adds 0.4 % of headers; 64 KiB adds almost nothing.
        generator.SetBufferSize(ChunkSize);
        foreach (var certificate in _certificates)
        {
            generator.AddKeyTransRecipient(certificate);
        }

        return new EncryptingWriteStream(destination, sink => generator.Open(sink, CmsEnvelopedGenerator.Aes256Cbc));
    }

    internal static EncryptionRecipient Describe(X509Certificate2 certificate) => new()
    {
        Subject = certificate.Subject,
        Issuer = certificate.Issuer,
        SerialNumber = certificate.SerialNumber,
        Thumbprint = certificate.Thumbprint,
    };

    private static void Validate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            throw EncryptionErrors.CertificateInvalid(certificate.Subject,
                $"its public key is {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value}, not RSA; CMS key transport needs an RSA key.");
        }

        // Without the extension every usage is allowed; with it, the content key may only be wrapped when it says so.
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is not null && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyEncipherment))
        {
            throw EncryptionErrors.CertificateInvalid(certificate.Subject,
                $"its key usage ({usage.KeyUsages}) does not allow key encipherment.");
        }

        var now = DateTime.Now;
        if (now > certificate.NotAfter)
        {
            throw EncryptionErrors.CertificateInvalid(certificate.Subject, $"it expired on {certificate.NotAfter:u}.");
        }
    }
}
