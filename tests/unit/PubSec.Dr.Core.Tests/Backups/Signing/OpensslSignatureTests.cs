using System.Security.Cryptography.X509Certificates;
using System.Text;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Tests.Backups.Encryption;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Signing;

/// <summary>The signature is standard CMS: the real openssl binary verifies it with only the certificate file.</summary>
public sealed class OpensslSignatureTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly X509Certificate2 _signer = TestCertificates.Rsa("pubsecdr-openssl-signer", X509KeyUsageFlags.DigitalSignature);

    public void Dispose()
    {
        _signer.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task OpensslCmsVerify_AcceptsTheManifestWithTheSigningCertificate_AndRejectsAChangedOne()
    {
        var manifest = Encoding.UTF8.GetBytes("{\n  \"schemaVersion\": 1,\n  \"parts\": [ { \"sha256\": \"9f2c\" } ]\n}");
        var signature = new ManifestSigner(_signer).Sign(manifest);
        var (content, p7s, cert) = await WriteAsync(manifest, signature);

        var (good, goodErrors) = await VerifyAsync(content, p7s, cert);
        await File.WriteAllBytesAsync(content, Encoding.UTF8.GetBytes("{\n  \"schemaVersion\": 1,\n  \"parts\": [ { \"sha256\": \"0000\" } ]\n}"));
        var (bad, badErrors) = await VerifyAsync(content, p7s, cert);

        Assert.True(good == 0, $"openssl cms -verify failed ({good}): {goodErrors}");
        Assert.NotEqual(0, bad);
        Assert.Contains("content verify error", badErrors, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OpensslCmsVerify_RejectsAnotherCertificate()
    {
        using var other = TestCertificates.Rsa("pubsecdr-openssl-other", X509KeyUsageFlags.DigitalSignature);
        var manifest = Encoding.UTF8.GetBytes("{}");
        var (content, p7s, _) = await WriteAsync(manifest, new ManifestSigner(other).Sign(manifest));
        var (_, _, cert) = await WriteAsync(manifest, new ManifestSigner(_signer).Sign(manifest), "trusted");

        var (exit, errors) = await VerifyAsync(content, p7s, cert);

        Assert.True(exit != 0, "openssl accepted a signature by a certificate it was not given");
        Assert.Contains("verify", errors, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<(string Content, string Signature, string Certificate)> WriteAsync(byte[] manifest, byte[] signature, string name = "signed")
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.Path, name)).FullName;
        var content = Path.Combine(folder, "manifest.json");
        var p7s = Path.Combine(folder, "manifest.json.p7s");
        var cert = Path.Combine(folder, "signer.pem");
        await File.WriteAllBytesAsync(content, manifest);
        await File.WriteAllBytesAsync(p7s, signature);
        await File.WriteAllTextAsync(cert, _signer.ExportCertificatePem());
        return (content, p7s, cert);
    }

    // The command about_PubSecDr documents.
    private static Task<(int Exit, string Errors)> VerifyAsync(string content, string p7s, string cert) =>
        ExternalTool.RunAsync("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", content, "-CAfile", cert, "-purpose", "any", "-out", "/dev/null");
}
