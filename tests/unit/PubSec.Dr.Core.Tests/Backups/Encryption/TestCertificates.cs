using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PubSec.Dr.Tests.Backups.Encryption;

/// <summary>Throw-away certificates made in memory for the encryption tests.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Rsa(string name, X509KeyUsageFlags? usage = X509KeyUsageFlags.KeyEncipherment)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (usage is { } flags)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, critical: true));
        }

        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A certificate with the same issuer and serial as <paramref name="original"/> but another key (an impostor).</summary>
    public static X509Certificate2 SameNameOtherKey(X509Certificate2 original)
    {
        using var signer = RSA.Create(2048);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(original.SubjectName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var issued = request.Create(original.IssuerName, X509SignatureGenerator.CreateForRSA(signer, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), original.SerialNumberBytes.ToArray());
        return issued.CopyWithPrivateKey(rsa);
    }

    public static X509Certificate2 Ecdsa(string name)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest($"CN={name}", ec, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The certificate without its private key, as a recipient list would hold it.</summary>
    public static X509Certificate2 PublicOnly(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.RawData);
}
