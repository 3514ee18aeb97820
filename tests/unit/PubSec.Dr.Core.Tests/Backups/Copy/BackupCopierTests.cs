using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Copy;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Backups.Encryption;
using PubSec.Dr.Tests.TestSupport;
using Xunit;

namespace PubSec.Dr.Tests.Backups.Copy;

public sealed class BackupCopierTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _source;
    private readonly FolderBackupStore _destination;

    public BackupCopierTests()
    {
        _source = new FolderBackupStore(Path.Combine(_root.Path, "primary"));
        _destination = new FolderBackupStore(Path.Combine(_root.Path, "secondary"));
    }

    public void Dispose() => _root.Dispose();

    private async Task<DrBackup> SourceBackupAsync(ManifestSigner? signer = null)
    {
        await SyntheticBackup.WriteAsync(_source, "docs", "20260301T101542Z-abc123", shardNumber: 2,
        [
            new(new QdrantSnapshotBuilder(shardNumber: 2).WithData(0), 0),
            new(new QdrantSnapshotBuilder(shardNumber: 2).WithData(1).WithWalBytes(300_000), 1),
        ], signer: signer);
        return Assert.Single(await new BackupCatalog(_source).ListAsync(new BackupQuery(), CancellationToken.None));
    }

    private static Task<IReadOnlyList<DrBackup>> ListAsync(IBackupStore store) =>
        new BackupCatalog(store).ListAsync(new BackupQuery(), CancellationToken.None);

    [Fact]
    public async Task Copy_IsListedAtTheDestination_AndPassesFullIntegrity()
    {
        var backup = await SourceBackupAsync();

        var result = await new BackupCopier(_destination, NullOperationLog.Instance).CopyAsync(backup, null, CancellationToken.None);

        var copy = Assert.Single(await ListAsync(_destination));
        Assert.Equal(backup.Id, copy.Id);
        Assert.Same(_destination, result.Copy!.Store);
        Assert.Equal(2, result.PartsCopied);
        Assert.Equal(backup.SizeBytes, result.BytesCopied);
        var report = await new IntegrityChecker(_destination, NullOperationLog.Instance).CheckAsync(copy, IntegrityLevel.Full, null, CancellationToken.None);
        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
        // The caller's object still describes the source.
        Assert.Same(_source, backup.Store);
    }

    [Fact]
    public async Task Rerun_SkipsPartsAlreadyCopiedAndVerified()
    {
        var backup = await SourceBackupAsync();
        var copier = new BackupCopier(_destination, NullOperationLog.Instance);
        await copier.CopyAsync(backup, null, CancellationToken.None);
        // An interrupted first run: one part there, no manifest.
        File.Delete(Path.Combine(_destination.RootPath, backup.ManifestKey));
        File.Delete(Path.Combine(_destination.RootPath, backup.AllParts[1].Key));

        var result = await copier.CopyAsync(backup, null, CancellationToken.None);

        Assert.Equal(1, result.PartsSkipped);
        Assert.Equal(1, result.PartsCopied);
        Assert.Single(await ListAsync(_destination));
    }

    [Fact]
    public async Task DamagedDestinationPart_IsCopiedAgainNotSkipped()
    {
        var backup = await SourceBackupAsync();
        var copier = new BackupCopier(_destination, NullOperationLog.Instance);
        await copier.CopyAsync(backup, null, CancellationToken.None);
        FlipByte(Path.Combine(_destination.RootPath, backup.AllParts[0].Key));

        var result = await copier.CopyAsync(backup, null, CancellationToken.None);

        Assert.Equal(1, result.PartsCopied);
        var copy = Assert.Single(await ListAsync(_destination));
        var report = await new IntegrityChecker(_destination, NullOperationLog.Instance).CheckAsync(copy, IntegrityLevel.Full, null, CancellationToken.None);
        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
    }

    [Fact]
    public async Task DamagedSource_FailsAndLeavesNoListedCopyNorThatPart()
    {
        var backup = await SourceBackupAsync();
        FlipByte(Path.Combine(_source.RootPath, backup.AllParts[1].Key));

        var error = await Assert.ThrowsAsync<DrException>(() =>
            new BackupCopier(_destination, NullOperationLog.Instance).CopyAsync(backup, null, CancellationToken.None));

        Assert.Equal(ErrorIds.CopyVerificationFailed, error.ErrorId);
        Assert.Empty(await ListAsync(_destination));
        Assert.False(File.Exists(Path.Combine(_destination.RootPath, backup.AllParts[1].Key)));
    }

    [Fact]
    public async Task DestinationThatAltersBytes_FailsVerification_AndDeletesTheBadPart()
    {
        var backup = await SourceBackupAsync();
        var altering = new AlteringStore(_destination);

        var error = await Assert.ThrowsAsync<DrException>(() =>
            new BackupCopier(altering, NullOperationLog.Instance).CopyAsync(backup, null, CancellationToken.None));

        Assert.Equal(ErrorIds.CopyVerificationFailed, error.ErrorId);
        Assert.Empty(await ListAsync(_destination));
        Assert.False(File.Exists(Path.Combine(_destination.RootPath, backup.AllParts[0].Key)));
    }

    [Fact]
    public async Task CopyOntoItsOwnStore_IsRefused()
    {
        var backup = await SourceBackupAsync();

        var error = await Assert.ThrowsAsync<DrException>(() =>
            new BackupCopier(new FolderBackupStore(_source.RootPath), NullOperationLog.Instance).CopyAsync(backup, null, CancellationToken.None));

        Assert.Equal(ErrorIds.CopySameStore, error.ErrorId);
    }

    [Fact]
    public async Task LeftoverPartialUploadsOfAnEarlierCopy_AreRemoved()
    {
        var backup = await SourceBackupAsync();
        var folder = Path.Combine(_destination.RootPath, backup.ManifestKey[..backup.ManifestKey.LastIndexOf('/')]);
        Directory.CreateDirectory(folder);
        var leftover = Path.Combine(folder, "node0-1.snapshot.partial-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(leftover, new byte[10]);
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-1));

        await new BackupCopier(_destination, NullOperationLog.Instance).CopyAsync(backup, null, CancellationToken.None);

        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task Copy_KeepsTheManifestAndItsSignatureByteForByte()
    {
        using var certificate = TestCertificates.Rsa("pubsecdr-copy-signer", X509KeyUsageFlags.DigitalSignature);
        var backup = await SourceBackupAsync(new ManifestSigner(certificate));

        var result = await new BackupCopier(_destination, NullOperationLog.Instance).CopyAsync(backup, null, CancellationToken.None);

        foreach (var name in new[] { backup.ManifestKey, backup.ManifestKey + ".p7s" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_source.RootPath, name)), await File.ReadAllBytesAsync(Path.Combine(_destination.RootPath, name)));
        }

        var report = await new IntegrityChecker(_destination, NullOperationLog.Instance) { TrustedSigners = [certificate] }
            .CheckAsync(result.Copy!, IntegrityLevel.Full, null, CancellationToken.None);
        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
    }

    [Fact]
    public async Task CopyWithASigner_SignsTheCopyOfAnUnsignedBackup()
    {
        using var certificate = TestCertificates.Rsa("pubsecdr-copy-signer", X509KeyUsageFlags.DigitalSignature);
        var backup = await SourceBackupAsync();

        var result = await new BackupCopier(_destination, NullOperationLog.Instance) { Signer = new ManifestSigner(certificate) }
            .CopyAsync(backup, null, CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(_source.RootPath, backup.ManifestKey + ".p7s")));
        var report = await new IntegrityChecker(_destination, NullOperationLog.Instance) { TrustedSigners = [certificate] }
            .CheckAsync(result.Copy!, IntegrityLevel.Quick, null, CancellationToken.None);
        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
        Assert.Contains(report.Checks, c => c.Name == "ManifestSignature" && c.Passed);
    }

    [Fact]
    public async Task CopyWithASigner_KeepsTheSignatureOfASignedBackup_AndSaysSo()
    {
        using var owner = TestCertificates.Rsa("pubsecdr-copy-owner", X509KeyUsageFlags.DigitalSignature);
        using var copier = TestCertificates.Rsa("pubsecdr-copy-copier", X509KeyUsageFlags.DigitalSignature);
        var backup = await SourceBackupAsync(new ManifestSigner(owner));
        var log = new WarningLog();

        await new BackupCopier(_destination, log) { Signer = new ManifestSigner(copier) }.CopyAsync(backup, null, CancellationToken.None);

        var key = backup.ManifestKey + ".p7s";
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_source.RootPath, key)), await File.ReadAllBytesAsync(Path.Combine(_destination.RootPath, key)));
        Assert.Contains(log.Warnings, w => w.Contains("keeps that signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SourceManifestDeletedAfterListing_IsRefusedWithManifestMissing_AndNothingIsCopied()
    {
        var backup = await SourceBackupAsync();
        File.Delete(Path.Combine(_source.RootPath, backup.ManifestKey));

        var error = await Assert.ThrowsAsync<DrException>(() =>
            new BackupCopier(_destination, NullOperationLog.Instance).CopyAsync(backup, null, CancellationToken.None));

        Assert.Equal(ErrorIds.BackupManifestMissing, error.ErrorId);
        Assert.False(Directory.Exists(_destination.RootPath), "nothing was written to the destination");
    }

    [Fact]
    public async Task ObjectThatDiffersFromTheSourceManifest_IsRefusedWithManifestChanged()
    {
        var backup = await SourceBackupAsync();
        backup.Tags = ["edited"];

        var error = await Assert.ThrowsAsync<DrException>(() =>
            new BackupCopier(_destination, NullOperationLog.Instance).CopyAsync(backup, null, CancellationToken.None));

        Assert.Equal(ErrorIds.BackupManifestChanged, error.ErrorId);
        Assert.Contains("tags", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedSourceWhoseManifestWasEdited_IsRefusedWithSignatureInvalid()
    {
        using var certificate = TestCertificates.Rsa("pubsecdr-copy-signer", X509KeyUsageFlags.DigitalSignature);
        var signed = await SourceBackupAsync(new ManifestSigner(certificate));
        var path = Path.Combine(_source.RootPath, signed.ManifestKey);
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("\"pointCount\": 200", "\"pointCount\": 201", StringComparison.Ordinal));
        var edited = Assert.Single(await ListAsync(_source));

        var error = await Assert.ThrowsAsync<DrException>(() =>
            new BackupCopier(_destination, NullOperationLog.Instance).CopyAsync(edited, null, CancellationToken.None));

        Assert.Equal(ErrorIds.BackupSignatureInvalid, error.ErrorId);
        Assert.False(Directory.Exists(_destination.RootPath), "nothing was written to the destination");
    }

    [Fact]
    public async Task UnsignedBackupIntoAStoreThatRequiresSigners_IsRefusedBeforeAnythingIsCopied()
    {
        using var certificate = TestCertificates.Rsa("pubsecdr-copy-signer", X509KeyUsageFlags.DigitalSignature);
        var backup = await SourceBackupAsync();

        var error = await Assert.ThrowsAsync<DrException>(() =>
            new BackupCopier(new TrustingBackupStore(_destination, [certificate]), NullOperationLog.Instance).CopyAsync(backup, null, CancellationToken.None));

        Assert.Equal(ErrorIds.BackupSignatureMissing, error.ErrorId);
        Assert.False(Directory.Exists(_destination.RootPath), "nothing was written to the destination");
    }

    private static void FlipByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A destination that silently flips one byte of every object it reads back, like a faulty gateway.</summary>
    private sealed class AlteringStore(FolderBackupStore inner) : IBackupStore
    {
        public string Location => "altering:" + inner.Location;
        public Task<IStoreUpload> BeginUploadAsync(string key, CancellationToken cancellationToken) => inner.BeginUploadAsync(key, cancellationToken);
        public Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken) => inner.GetInfoAsync(key, cancellationToken);
        public IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
        public Task<int> RemoveIncompleteUploadsAsync(string prefix, DateTime startedBefore, CancellationToken cancellationToken) =>
            inner.RemoveIncompleteUploadsAsync(prefix, startedBefore, cancellationToken);

        public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            inner.TryCreateAsync(key, content, cancellationToken);

        public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
        {
            await using var stream = await inner.OpenReadAsync(key, cancellationToken);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            copy.GetBuffer()[0] ^= 0x01;
            copy.Position = 0;
            return copy;
        }
    }
}
