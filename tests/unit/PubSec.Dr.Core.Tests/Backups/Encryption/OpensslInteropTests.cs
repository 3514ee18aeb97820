using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Encryption;

/// <summary>The stored bytes are standard CMS: the real openssl binary opens them with only the certificate and key files.</summary>
public sealed class OpensslInteropTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData((1 << 20) + 77)]
    public async Task OpensslCmsDecrypt_OpensAnEncryptedPart_ToTheSamePlaintext(int size)
    {
        using var folder = new TempDirectory();
        using var alice = TestCertificates.Rsa("pubsecdr-openssl-alice");
        using var bob = TestCertificates.Rsa("pubsecdr-openssl-bob");
        var data = TestData.Bytes(size, seed: size + 11);
        var (stored, _, plaintextSha) = await PartEncryptionTests.EncryptAsync(data, alice, bob);
        var input = Path.Combine(folder.Path, "part.cms");
        var output = Path.Combine(folder.Path, "part.out");
        await File.WriteAllBytesAsync(input, stored);
        var (cert, key) = await WritePemAsync(folder.Path, bob);

        var (exit, errors) = await ExternalTool.RunAsync("openssl", "cms", "-decrypt", "-inform", "DER", "-binary", "-in", input, "-out", output, "-recip", cert, "-inkey", key);

        Assert.True(exit == 0, $"openssl cms -decrypt failed ({exit}): {errors}");
        var opened = await File.ReadAllBytesAsync(output);
        Assert.Equal(data, opened);
        Assert.Equal(plaintextSha, TestData.Sha256Hex(opened));
    }

    private static async Task<(string Cert, string Key)> WritePemAsync(string folder, X509Certificate2 certificate)
    {
        var cert = Path.Combine(folder, "cert.pem");
        var key = Path.Combine(folder, "key.pem");
        using var rsa = certificate.GetRSAPrivateKey()!;
        await File.WriteAllTextAsync(cert, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }
}
