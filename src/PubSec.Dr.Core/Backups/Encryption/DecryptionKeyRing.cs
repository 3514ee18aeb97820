using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;

namespace PubSec.Dr.Backups.Encryption;

/// <summary>
/// The private keys at hand for opening encrypted parts: certificates passed explicitly (a PFX, a store item),
/// then the manifest's recipients looked up by thumbprint in the CurrentUser\My and LocalMachine\My stores.
/// It picks the certificate whose issuer and serial a part's envelope names, and decrypts while streaming.
/// </summary>
public sealed class DecryptionKeyRing : IDisposable
{
    private static readonly (StoreName, StoreLocation)[] Stores = [(StoreName.My, StoreLocation.CurrentUser), (StoreName.My, StoreLocation.LocalMachine)];
    private readonly List<X509Certificate2> _explicit;
    private readonly bool _searchStores;
    private readonly Dictionary<string, X509Certificate2?> _fromStores = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _gate = new();

    public DecryptionKeyRing(IEnumerable<X509Certificate2>? certificates, bool searchStores = true)
    {
        _explicit = certificates?.Where(c => c is not null).ToList() ?? [];
        _searchStores = searchStores;
    }

    /// <summary>Only what the certificate stores hold: the default when no certificate was passed.</summary>
    public static DecryptionKeyRing FromStores() => new(null);

    /// <summary>Throws BackupDecryptionKeyNotFound unless every encrypted part of <paramref name="backup"/> has a recipient whose private key is here.</summary>
    public void EnsureAvailable(DrBackup backup)
    {
        foreach (var part in backup.AllParts.Where(p => p.Encryption is not null))
        {
            if (CandidatesFor(part.Encryption!).Count == 0)
            {
                throw EncryptionErrors.KeyNotFound($"backup {backup.Id}", part.Encryption!.Recipients);
            }
        }
    }

    /// <summary>The certificates here that open <paramref name="backup"/>'s parts: who may also read data derived from it.</summary>
    public IReadOnlyList<X509Certificate2> RecipientsHeldFor(DrBackup backup) =>
        backup.AllParts.Where(p => p.Encryption is not null).SelectMany(p => CandidatesFor(p.Encryption!)).Distinct().ToList();

    /// <summary>
    /// Opens the plaintext of an encrypted part from its stored bytes. The envelope's header is read here;
    /// the content is decrypted as the returned stream is read.
    /// </summary>
    public DecryptingReadStream Open(BackupPart part, Stream stored)
    {
        var encryption = part.Encryption ?? throw new ArgumentException($"The part {part.Key} is not encrypted.", nameof(part));
        var candidates = CandidatesFor(encryption);
        if (candidates.Count == 0)
        {
            stored.Dispose();
            throw EncryptionErrors.KeyNotFound(part.Key, encryption.Recipients);
        }

        var hashing = new HashingReadStream(stored);
        try
        {
            return OpenEnvelope(part.Key, encryption, candidates, hashing);
        }
        catch
        {
            hashing.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var certificate in _fromStores.Values.OfType<X509Certificate2>())
        {
            certificate.Dispose();
        }
    }

    private static DecryptingReadStream OpenEnvelope(string key, PartEncryption encryption, IReadOnlyList<X509Certificate2> candidates, HashingReadStream hashing)
    {
        CmsEnvelopedDataParser parser;
        try
        {
            parser = new CmsEnvelopedDataParser(hashing);
        }
        catch (Exception ex) when (DecryptingReadStream.IsCrypto(ex) || ex is IOException)
        {
            throw EncryptionErrors.Failed(key, $"the stored bytes are not a CMS EnvelopedData ({ex.Message}).", ex);
        }

        foreach (var recipient in parser.GetRecipientInfos().GetRecipients().OfType<KeyTransRecipientInformation>())
        {
            var certificate = candidates.FirstOrDefault(c => Matches(recipient.RecipientID, c));
            if (certificate is null)
            {
                continue;
            }

            var privateKey = PrivateKeyOf(key, certificate);
            try
            {
                return new DecryptingReadStream(recipient.GetContentStream(privateKey).ContentStream, hashing, key);
            }
            catch (Exception ex) when (DecryptingReadStream.IsCrypto(ex))
            {
                throw EncryptionErrors.Failed(key, $"the key of '{certificate.Subject}' (thumbprint {certificate.Thumbprint}) does not unwrap the content key ({ex.Message}).", ex);
            }
        }

        // The manifest named a recipient we hold, but the envelope does not: manifest and part disagree.
        throw EncryptionErrors.KeyNotFound(key, encryption.Recipients);
    }

    private static bool Matches(RecipientID id, X509Certificate2 certificate)
    {
        var bc = DotNetUtilities.FromX509Certificate(certificate);
        return id.SerialNumber is not null && id.Issuer is not null
            && id.SerialNumber.Equals(bc.SerialNumber) && id.Issuer.Equivalent(bc.IssuerDN);
    }

    private static Org.BouncyCastle.Crypto.AsymmetricKeyParameter PrivateKeyOf(string key, X509Certificate2 certificate)
    {
        try
        {
            using var rsa = certificate.GetRSAPrivateKey() ?? throw new CryptographicException("the certificate has no RSA private key");
            return DotNetUtilities.GetRsaKeyPair(rsa).Private;
        }
        catch (CryptographicException ex)
        {
            throw EncryptionErrors.Failed(key,
                $"the private key of '{certificate.Subject}' cannot be used here ({ex.Message}). A key marked non-exportable cannot be handed to the CMS reader; export the certificate with its key to a PFX and pass it with -DecryptionCertificate.", ex);
        }
    }

    // Explicit certificates first (the operator chose them), then the stores; only ones that hold a private key.
    private List<X509Certificate2> CandidatesFor(PartEncryption encryption)
    {
        var found = new List<X509Certificate2>();
        foreach (var recipient in encryption.Recipients)
        {
            found.AddRange(_explicit.Where(c => c.HasPrivateKey && IsRecipient(c, recipient)));
        }

        if (_searchStores)
        {
            found.AddRange(encryption.Recipients.Select(r => FromStores(r.Thumbprint)).OfType<X509Certificate2>());
        }

        return found.Distinct().ToList();
    }

    private static bool IsRecipient(X509Certificate2 certificate, EncryptionRecipient recipient) =>
        string.Equals(certificate.Thumbprint, recipient.Thumbprint, StringComparison.OrdinalIgnoreCase)
        || (string.Equals(certificate.SerialNumber, recipient.SerialNumber, StringComparison.OrdinalIgnoreCase)
            && string.Equals(certificate.Issuer, recipient.Issuer, StringComparison.Ordinal));

    private X509Certificate2? FromStores(string thumbprint)
    {
        lock (_gate)
        {
            if (!_fromStores.TryGetValue(thumbprint, out var certificate))
            {
                certificate = Stores.Select(s => Find(s.Item1, s.Item2, thumbprint)).FirstOrDefault(c => c is not null);
                _fromStores[thumbprint] = certificate;
            }

            return certificate;
        }
    }

    private static X509Certificate2? Find(StoreName name, StoreLocation location, string thumbprint)
    {
        try
        {
            using var store = new X509Store(name, location);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            var matches = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            var hit = matches.FirstOrDefault(c => c.HasPrivateKey);
            foreach (var other in matches.Where(c => !ReferenceEquals(c, hit)))
            {
                other.Dispose();
            }

            return hit;
        }
        catch (CryptographicException)
        {
            // A store that does not exist (LocalMachine\My on Linux, an empty profile) holds nothing for us.
            return null;
        }
    }
}
