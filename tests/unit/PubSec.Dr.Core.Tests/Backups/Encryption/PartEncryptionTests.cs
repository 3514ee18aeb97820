using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Tests.TestSupport;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Tests.Backups.Encryption;

public sealed class PartEncryptionTests : IDisposable
{
    private const int MiB = 1 << 20;
    private readonly X509Certificate2 _alice = TestCertificates.Rsa("pubsecdr-test-alice");
    private readonly X509Certificate2 _bob = TestCertificates.Rsa("pubsecdr-test-bob");

    public static TheoryData<int> Sizes => new() { 0, 1, 15, 16, 17, MiB + 1, 3 * MiB + 12345 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task RoundTrip_ReturnsThePlaintextAndMeasuresTheStoredBytes(int size)
    {
        var data = TestData.Bytes(size, seed: size);

        var (stored, measure, plaintextSha) = await EncryptAsync(data, _alice);

        Assert.Equal(TestData.Sha256Hex(data), plaintextSha);
        Assert.Equal(stored.Length, measure.Bytes);
        Assert.Equal(TestData.Sha256Hex(stored), measure.Sha256);
        Assert.True(stored.Length > size, "the envelope is larger than its content");
        var (plaintext, readBack) = await DecryptAsync(stored, new DecryptionKeyRing([_alice], searchStores: false));
        Assert.Equal(data, plaintext);
        Assert.Equal(measure, readBack);
    }

    [Fact]
    public async Task TwoRecipients_EitherKeyAloneOpensThePart()
    {
        var data = TestData.Bytes(MiB + 3, seed: 5);
        var (stored, _, _) = await EncryptAsync(data, _alice, _bob);

        Assert.Equal(data, (await DecryptAsync(stored, new DecryptionKeyRing([_alice], searchStores: false))).Plaintext);
        Assert.Equal(data, (await DecryptAsync(stored, new DecryptionKeyRing([_bob], searchStores: false))).Plaintext);
    }

    [Fact]
    public async Task Decrypt_WithAnUnrelatedCertificate_FailsWithKeyNotFound()
    {
        var (stored, _, _) = await EncryptAsync(TestData.Bytes(1000, seed: 1), _alice);
        using var stranger = TestCertificates.Rsa("pubsecdr-test-stranger");

        var ex = await Assert.ThrowsAsync<DrException>(() => DecryptAsync(stored, new DecryptionKeyRing([stranger], searchStores: false)));

        Assert.Equal(ErrorIds.BackupDecryptionKeyNotFound, ex.ErrorId);
        Assert.Contains(_bob.Thumbprint, ex.Message, StringComparison.Ordinal);
        Assert.Contains("-DecryptionCertificate", ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_WithTheRecipientsPublicCertificateOnly_FailsWithKeyNotFound()
    {
        var (stored, _, _) = await EncryptAsync(TestData.Bytes(10, seed: 1), _alice);
        using var publicOnly = TestCertificates.PublicOnly(_alice);

        var ex = await Assert.ThrowsAsync<DrException>(() => DecryptAsync(stored, new DecryptionKeyRing([publicOnly], searchStores: false)));

        Assert.Equal(ErrorIds.BackupDecryptionKeyNotFound, ex.ErrorId);
    }

    [Fact]
    public async Task Decrypt_WithSameIssuerAndSerialButAnotherKey_FailsWithDecryptionFailed()
    {
        var (stored, _, _) = await EncryptAsync(TestData.Bytes(5000, seed: 2), _alice);
        using var impostor = TestCertificates.SameNameOtherKey(_alice);

        var ex = await Assert.ThrowsAsync<DrException>(() => DecryptAsync(stored, new DecryptionKeyRing([impostor], searchStores: false)));

        Assert.Equal(ErrorIds.BackupDecryptionFailed, ex.ErrorId);
    }

    [Fact]
    public async Task Decrypt_OfATruncatedPart_FailsWithDecryptionFailed()
    {
        var (stored, _, _) = await EncryptAsync(TestData.Bytes(MiB, seed: 3), _alice);

        var ex = await Assert.ThrowsAsync<DrException>(() => DecryptAsync(stored[..(stored.Length / 2)], new DecryptionKeyRing([_alice], searchStores: false)));

        Assert.Equal(ErrorIds.BackupDecryptionFailed, ex.ErrorId);
    }

    [Fact]
    public async Task Decrypt_OfBytesThatAreNoEnvelope_FailsWithDecryptionFailed()
    {
        var ex = await Assert.ThrowsAsync<DrException>(() => DecryptAsync(TestData.Bytes(4096, seed: 4), new DecryptionKeyRing([_alice], searchStores: false)));

        Assert.Equal(ErrorIds.BackupDecryptionFailed, ex.ErrorId);
    }

    [Fact]
    public void Encryptor_RejectsACertificateWithoutAnRsaKey()
    {
        using var ec = TestCertificates.Ecdsa("pubsecdr-test-ec");

        var ex = Assert.Throws<DrException>(() => new PartEncryptor([ec]));

        Assert.Equal(ErrorIds.BackupEncryptionCertificateInvalid, ex.ErrorId);
    }

    [Fact]
    public void Encryptor_RejectsAKeyUsageWithoutKeyEncipherment()
    {
        using var signingOnly = TestCertificates.Rsa("pubsecdr-test-signing", X509KeyUsageFlags.DigitalSignature);

        var ex = Assert.Throws<DrException>(() => new PartEncryptor([_alice, signingOnly]));

        Assert.Equal(ErrorIds.BackupEncryptionCertificateInvalid, ex.ErrorId);
        Assert.Contains("key encipherment", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encryptor_AcceptsACertificateWithoutKeyUsage_AndDescribesRecipientsWithoutKeys()
    {
        using var noUsage = TestCertificates.Rsa("pubsecdr-test-nousage", usage: null);

        var description = new PartEncryptor([noUsage, TestCertificates.PublicOnly(_bob)]).DescribePart();

        Assert.Equal("cms-enveloped-data", description.Format);
        Assert.Equal("aes256-cbc", description.ContentAlgorithm);
        Assert.Equal([noUsage.Thumbprint, _bob.Thumbprint], description.Recipients.Select(r => r.Thumbprint));
        Assert.Equal(_bob.SerialNumber, description.Recipients[1].SerialNumber);
        Assert.Equal(_bob.Subject, description.Recipients[1].Subject);
    }

    [Fact]
    public async Task Encrypt_StreamsCiphertextOutAsThePlaintextComesIn()
    {
        // 200 MB: if anything buffered the whole content, the destination would lag by that much.
        const long total = 200L * 1000 * 1000;
        var destination = new LagMeter();
        var encryptor = new PartEncryptor([TestCertificates.PublicOnly(_alice)]);
        await using var encrypting = encryptor.Open(destination);

        var copied = await StreamCopier.CopyAsync(new FilledStream(total), encrypting, 
            new TransferMeter(new Progress<TransferProgress>(_ => { }), "t", "t", total), CancellationToken.None);
        var measure = await encrypting.CompleteAsync(CancellationToken.None);

        Assert.Equal(total, copied.Bytes);
        Assert.Equal(destination.Bytes, measure.Bytes);
        Assert.InRange(measure.Bytes, total, total + total / 1000 + 4096);
        Assert.InRange(destination.LargestWrite, 1, 2 * MiB);
    }

    [Fact]
    public async Task Decrypt_ReadsTheStoreOnlyAsFarAsThePlaintextNeeds()
    {
        var data = TestData.Bytes(24 * MiB, seed: 8);
        var (stored, _, _) = await EncryptAsync(data, _alice);
        var source = new CountingReadStream(new MemoryStream(stored));
        using var ring = new DecryptionKeyRing([_alice], searchStores: false);
        var part = new BackupPart { Key = "p", Encryption = new PartEncryptor([TestCertificates.PublicOnly(_alice)]).DescribePart() };
        await using var plaintext = ring.Open(part, source);

        var buffer = new byte[64 * 1024];
        long read = 0;
        long worstLead = 0;
        int n;
        while ((n = await plaintext.ReadAsync(buffer)) > 0)
        {
            read += n;
            worstLead = Math.Max(worstLead, source.BytesRead - read);
        }

        Assert.Equal(data.Length, read);
        Assert.InRange(worstLead, 0, 2 * MiB);
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    internal static async Task<(byte[] Stored, StoredMeasure Measure, string PlaintextSha256)> EncryptAsync(byte[] data, params X509Certificate2[] recipients)
    {
        var encryptor = new PartEncryptor(recipients.Select(TestCertificates.PublicOnly).ToArray());
        using var destination = new MemoryStream();
        await using var encrypting = encryptor.Open(destination);
        var copied = await StreamCopier.CopyAsync(new MemoryStream(data), encrypting, TransferMeter.None, CancellationToken.None);
        var measure = await encrypting.CompleteAsync(CancellationToken.None);
        return (destination.ToArray(), measure, copied.Sha256);
    }

    // The manifest names both test recipients; the ring must still pick by what the envelope says.
    private async Task<(byte[] Plaintext, StoredMeasure Stored)> DecryptAsync(byte[] stored, DecryptionKeyRing ring)
    {
        using (ring)
        {
            var part = new BackupPart { Key = "p", Encryption = new PartEncryptor([TestCertificates.PublicOnly(_alice), TestCertificates.PublicOnly(_bob)]).DescribePart() };
            await using var plaintext = ring.Open(part, new MemoryStream(stored));
            var bytes = await TestData.ReadAllAsync(plaintext);
            return (bytes, await plaintext.FinishAsync(CancellationToken.None));
        }
    }
}
