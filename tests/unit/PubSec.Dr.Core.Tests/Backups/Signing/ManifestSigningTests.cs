using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Tests.Backups.Encryption;

namespace PubSec.Dr.Tests.Backups.Signing;

public sealed class ManifestSigningTests : IDisposable
{
    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes("{\n  \"schemaVersion\": 1,\n  \"kind\": \"Qdrant\",\n  \"id\": \"20260301T101542Z-abc123\"\n}");
    private readonly X509Certificate2 _signer = TestCertificates.Rsa("pubsecdr-signing-owner", X509KeyUsageFlags.DigitalSignature);
    private readonly X509Certificate2 _other = TestCertificates.Rsa("pubsecdr-signing-other", X509KeyUsageFlags.DigitalSignature);

    public void Dispose()
    {
        _signer.Dispose();
        _other.Dispose();
    }

    private static ManifestSignature? Verify(byte[] manifest, byte[]? signature, params X509Certificate2[] trusted) =>
        new ManifestSignatureVerifier(trusted).Verify(manifest, signature, "20260301T101542Z-abc123", "qdrant/docs/20260301T101542Z-abc123/manifest.json.p7s");

    private static DrException Refused(byte[] manifest, byte[]? signature, params X509Certificate2[] trusted) =>
        Assert.Throws<DrException>(() => Verify(manifest, signature, trusted));

    [Fact]
    public void Signature_VerifiesWithTheSignerTrusted_AndNamesIt()
    {
        var signature = new ManifestSigner(_signer).Sign(Manifest);

        var verified = Verify(Manifest, signature, TestCertificates.PublicOnly(_signer));

        Assert.NotNull(verified);
        Assert.True(verified.Trusted);
        Assert.Equal(_signer.Thumbprint, verified.Thumbprint);
        Assert.Equal(_signer.Subject, verified.Subject);
        Assert.InRange(verified.SigningTime!.Value, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public void Signature_IsDetachedDerSignedDataWithSha256AndTheSignerCertificate()
    {
        var signature = new ManifestSigner(_signer).Sign(Manifest);
        var cms = new SignedCms(new ContentInfo(Manifest), detached: true);

        cms.Decode(signature);

        Assert.True(cms.Detached);
        var info = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal("2.16.840.1.101.3.4.2.1", info.DigestAlgorithm.Value);
        Assert.Equal(_signer.RawData, Assert.Single(cms.Certificates.Cast<X509Certificate2>()).RawData);
    }

    [Fact]
    public void EcdsaSigner_Works()
    {
        using var ec = TestCertificates.Ecdsa("pubsecdr-signing-ec");

        var verified = Verify(Manifest, new ManifestSigner(ec).Sign(Manifest), ec);

        Assert.True(verified!.Trusted);
    }

    [Fact]
    public void ChangedManifest_IsInvalid()
    {
        var signature = new ManifestSigner(_signer).Sign(Manifest);
        var changed = (byte[])Manifest.Clone();
        changed[^3] ^= 0x01;

        Assert.Equal(ErrorIds.BackupSignatureInvalid, Refused(changed, signature, _signer).ErrorId);
        Assert.Equal(ErrorIds.BackupSignatureInvalid, Refused(changed, signature).ErrorId);
    }

    [Fact]
    public void NoSignature_IsMissingWhenATrustedSignerIsRequired_AndUnjudgedOtherwise()
    {
        var error = Refused(Manifest, null, _signer);

        Assert.Equal(ErrorIds.BackupSignatureMissing, error.ErrorId);
        Assert.Equal(DrErrorCategory.SecurityError, error.Category);
        Assert.Contains(_signer.Thumbprint, error.Message, StringComparison.Ordinal);
        Assert.Null(Verify(Manifest, null));
    }

    [Fact]
    public void AnotherSigner_IsUntrusted_ButItsIntactSignatureIsReportedWithoutTrustedSigners()
    {
        var signature = new ManifestSigner(_other).Sign(Manifest);

        var error = Refused(Manifest, signature, _signer);
        var unjudged = Verify(Manifest, signature);

        Assert.Equal(ErrorIds.BackupSignerUntrusted, error.ErrorId);
        Assert.Contains(_other.Thumbprint, error.Message, StringComparison.Ordinal);
        Assert.False(unjudged!.Trusted);
        Assert.Equal(_other.Thumbprint, unjudged.Thumbprint);
    }

    [Fact]
    public void ImpostorWithTheTrustedIssuerAndSerialButAnotherKey_IsUntrusted()
    {
        using var impostor = TestCertificates.SameNameOtherKey(_signer);
        var signature = new ManifestSigner(impostor).Sign(Manifest);

        Assert.Equal(ErrorIds.BackupSignerUntrusted, Refused(Manifest, signature, _signer).ErrorId);
    }

    [Fact]
    public void TrustedCertificateIncludedButSignedWithAnotherKey_IsInvalid()
    {
        // An attacker's SignerInfo that names the trusted certificate: the math is checked with the trusted key.
        using var impostor = TestCertificates.SameNameOtherKey(_signer);
        var cms = new SignedCms(new ContentInfo(Manifest), detached: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, impostor) { IncludeOption = X509IncludeOption.None }, silent: true);
        cms.Certificates.Add(TestCertificates.PublicOnly(_signer));

        Assert.Equal(ErrorIds.BackupSignatureInvalid, Refused(Manifest, cms.Encode(), _signer).ErrorId);
    }

    [Fact]
    public void SignatureWithoutItsCertificate_VerifiesAgainstTheTrustedOne()
    {
        var cms = new SignedCms(new ContentInfo(Manifest), detached: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _signer) { IncludeOption = X509IncludeOption.None }, silent: true);

        Assert.True(Verify(Manifest, cms.Encode(), TestCertificates.PublicOnly(_signer))!.Trusted);
    }

    [Fact]
    public void SignedDataCarryingOtherContent_IsInvalid()
    {
        var cms = new SignedCms(new ContentInfo(Encoding.UTF8.GetBytes("{\"id\":\"another\"}")), detached: false);
        cms.ComputeSignature(new CmsSigner(_signer), silent: true);

        Assert.Equal(ErrorIds.BackupSignatureInvalid, Refused(Manifest, cms.Encode(), _signer).ErrorId);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    public void BytesThatAreNoSignedData_AreInvalid(byte[] signature)
    {
        Assert.Equal(ErrorIds.BackupSignatureInvalid, Refused(Manifest, signature, _signer).ErrorId);
    }

    [Fact]
    public void Signer_RefusesACertificateWithoutPrivateKey()
    {
        var error = Assert.Throws<DrException>(() => new ManifestSigner(TestCertificates.PublicOnly(_signer)));

        Assert.Equal(ErrorIds.BackupSigningCertificateInvalid, error.ErrorId);
        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signer_RefusesAKeyUsageWithoutDigitalSignature()
    {
        using var encryptionOnly = TestCertificates.Rsa("pubsecdr-signing-keyenc", X509KeyUsageFlags.KeyEncipherment);

        Assert.Equal(ErrorIds.BackupSigningCertificateInvalid, Assert.Throws<DrException>(() => new ManifestSigner(encryptionOnly)).ErrorId);
    }

    [Fact]
    public void Signer_RefusesAnExpiredCertificate()
    {
        using var rsa = RSA.Create(2048);
        using var expired = new CertificateRequest("CN=pubsecdr-signing-expired", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));

        var error = Assert.Throws<DrException>(() => new ManifestSigner(expired));

        Assert.Equal(ErrorIds.BackupSigningCertificateInvalid, error.ErrorId);
        Assert.Contains("not now", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureMadeWhileValid_StillVerifiesWithTheCertificateTrusted()
    {
        // No expiry or chain check on verification: the operator's list is the trust decision. The certificate expired
        // yesterday; the signature is what ManifestSigner wrote with it last week, signing time included.
        using var rsa = RSA.Create(2048);
        using var expired = new CertificateRequest("CN=pubsecdr-signing-expired", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        var signedAt = DateTime.UtcNow.AddDays(-7);
        var signature = SignAsManifestSignerDid(Manifest, expired, signedAt);

        var verified = Verify(Manifest, signature, TestCertificates.PublicOnly(expired));

        Assert.True(verified!.Trusted);
        Assert.Equal(expired.Thumbprint, verified.Thumbprint);
        Assert.InRange(verified.SigningTime!.Value, signedAt.AddSeconds(-1), signedAt.AddSeconds(1));
    }

    // ManifestSigner's format (detached SignedData, SHA-256, signing time, end certificate) with a chosen signing time:
    // ManifestSigner itself refuses a certificate that is not valid now, which is the point of the test above.
    private static byte[] SignAsManifestSignerDid(byte[] manifest, X509Certificate2 certificate, DateTime signedAt)
    {
        var cms = new SignedCms(new ContentInfo(manifest), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signedAt));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }
}
