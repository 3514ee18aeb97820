using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Backups.Encryption;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Integrity;

/// <summary>Every level re-reads the manifest from the store and verifies its signature over those bytes (issue 9, items 4 and 5).</summary>
public sealed class StoredManifestCheckTests : IDisposable
{
    private const string Id = "20260301T101542Z-abc123";
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;
    private readonly X509Certificate2 _signer = TestCertificates.Rsa("pubsecdr-trust-signer", X509KeyUsageFlags.DigitalSignature);
    private readonly X509Certificate2 _intruder = TestCertificates.Rsa("pubsecdr-trust-intruder", X509KeyUsageFlags.DigitalSignature);

    public StoredManifestCheckTests() => _store = new FolderBackupStore(_root.Path);

    public void Dispose()
    {
        _signer.Dispose();
        _intruder.Dispose();
        _root.Dispose();
    }

    private async Task<QdrantBackup> BackupAsync(ManifestSigner? signer = null, string id = Id, int walBytes = 300_000)
    {
        await SyntheticBackup.WriteAsync(_store, "docs", id, 2,
        [
            new(new QdrantSnapshotBuilder(shardNumber: 2).WithData(0), 0),
            new(new QdrantSnapshotBuilder(shardNumber: 2).WithData(1).WithWalBytes(walBytes), 1),
        ], signer: signer);
        return Assert.IsType<QdrantBackup>(Assert.Single(await new BackupCatalog(_store).ListAsync(new BackupQuery(Id: id), CancellationToken.None)));
    }

    private Task<IntegrityReport> CheckAsync(DrBackup backup, IntegrityLevel level, IBackupStore? store = null, params X509Certificate2[] trusted) =>
        new IntegrityChecker(store ?? _store, NullOperationLog.Instance) { TrustedSigners = trusted }.CheckAsync(backup, level, null, CancellationToken.None);

    private string PathOf(string key) => Path.Combine(_root.Path, key.Replace('/', Path.DirectorySeparatorChar));

    private static IReadOnlyList<string?> FailedIds(IntegrityReport report) => report.Checks.Where(c => !c.Passed).Select(c => c.ErrorId).Order().ToList();

    [Theory]
    [InlineData(IntegrityLevel.Quick)]
    [InlineData(IntegrityLevel.Full)]
    public async Task DeletedManifest_FailsWithManifestMissing_AndReadsNothing(IntegrityLevel level)
    {
        var backup = await BackupAsync();
        File.Delete(PathOf(backup.ManifestKey));

        var report = await CheckAsync(backup, level);

        var check = Assert.Single(report.Checks);
        Assert.Equal(("ManifestStored", ErrorIds.BackupManifestMissing, false), (check.Name, check.ErrorId, check.Passed));
        Assert.Equal(0, report.BytesRead);
    }

    [Fact]
    public async Task CorruptedManifest_FailsWithManifestInvalid()
    {
        var backup = await BackupAsync();
        await File.WriteAllTextAsync(PathOf(backup.ManifestKey), "{\"schemaVersion\": 1, \"kind\": ");

        var report = await CheckAsync(backup, IntegrityLevel.Quick);

        Assert.Equal([ErrorIds.BackupManifestInvalid], FailedIds(report));
    }

    [Fact]
    public async Task RewrittenManifest_FailsWithManifestChanged_AndTheOtherChecksUseTheStoresManifest()
    {
        var backup = await BackupAsync();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(PathOf(backup.ManifestKey)))!;
        manifest["parts"]![1]!["size"] = backup.Parts[1].Size + 1;
        await File.WriteAllTextAsync(PathOf(backup.ManifestKey), manifest.ToJsonString());

        var report = await CheckAsync(backup, IntegrityLevel.Quick);

        Assert.Equal([ErrorIds.BackupManifestChanged, ErrorIds.BackupPartSizeMismatch], FailedIds(report));
        Assert.Contains("parts", report.Checks.Single(c => c.Name == "ManifestStored").Detail, StringComparison.Ordinal);
        Assert.Equal(backup.Parts[1].Size + 1, ((QdrantBackup)report.Backup!).Parts[1].Size);
    }

    [Fact]
    public async Task ObjectAlteredInMemory_FailsWithManifestChanged_WhileTheStoreIsSound()
    {
        var backup = await BackupAsync();
        backup.Parts[0].Sha256 = new string('0', 64);

        var report = await CheckAsync(backup, IntegrityLevel.Full);

        Assert.Equal([ErrorIds.BackupManifestChanged], FailedIds(report));
    }

    [Fact]
    public async Task UnchangedManifest_PassesAndKeepsTheCallersObject()
    {
        var backup = await BackupAsync();

        var report = await CheckAsync(backup, IntegrityLevel.Quick);

        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
        Assert.Same(backup, report.Backup);
        Assert.DoesNotContain(report.Checks, c => c.Name == "ManifestSignature");
    }

    [Theory]
    [InlineData(IntegrityLevel.Quick)]
    [InlineData(IntegrityLevel.Full)]
    public async Task SignedBackup_PassesWithItsSignerTrusted(IntegrityLevel level)
    {
        var backup = await BackupAsync(new ManifestSigner(_signer));

        var report = await CheckAsync(backup, level, null, TestCertificates.PublicOnly(_signer));

        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
        var signature = Assert.Single(report.Checks, c => c.Name == "ManifestSignature");
        Assert.Equal(backup.ManifestKey + ".p7s", signature.Target);
        Assert.Contains(_signer.Thumbprint, signature.Detail, StringComparison.Ordinal);
        Assert.Contains("a trusted signer", signature.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IntegrityLevel.Quick)]
    [InlineData(IntegrityLevel.Full)]
    public async Task PartSubstitutedWithItsHashAndSizeUpdated_FailsTheSignature(IntegrityLevel level)
    {
        // The attack: another well-formed part (here: the same node's part of another backup) with the manifest edited to match.
        var signer = new ManifestSigner(_signer);
        var backup = await BackupAsync(signer);
        var later = await BackupAsync(signer, "20260302T101542Z-def456", walBytes: 400_000);
        File.Copy(PathOf(later.Parts[1].Key), PathOf(backup.Parts[1].Key), overwrite: true);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(PathOf(backup.ManifestKey)))!;
        manifest["parts"]![1]!["sha256"] = later.Parts[1].Sha256;
        manifest["parts"]![1]!["size"] = later.Parts[1].Size;
        await File.WriteAllTextAsync(PathOf(backup.ManifestKey), manifest.ToJsonString());
        var tampered = Assert.Single(await new BackupCatalog(_store).ListAsync(new BackupQuery(Id: Id), CancellationToken.None));

        var withoutTrust = await CheckAsync(tampered, level);
        var withTrust = await CheckAsync(tampered, level, null, _signer);

        Assert.Equal([ErrorIds.BackupSignatureInvalid], FailedIds(withoutTrust));
        Assert.Equal([ErrorIds.BackupSignatureInvalid], FailedIds(withTrust));
    }

    [Fact]
    public async Task UnsignedBackup_FailsQuickWithSignatureMissing_WhenASignerIsTrusted()
    {
        var backup = await BackupAsync();

        var report = await CheckAsync(backup, IntegrityLevel.Quick, null, _signer);

        Assert.Equal([ErrorIds.BackupSignatureMissing], FailedIds(report));
        var error = IntegrityAdvice.ErrorFor(report, report.Checks.Single(c => !c.Passed));
        Assert.Equal(DrErrorCategory.SecurityError, error.Category);
    }

    [Fact]
    public async Task RemovedSignature_FailsQuickWithSignatureMissing()
    {
        var backup = await BackupAsync(new ManifestSigner(_signer));
        File.Delete(PathOf(backup.ManifestKey + ".p7s"));

        var report = await CheckAsync(backup, IntegrityLevel.Quick, null, _signer);

        Assert.Equal([ErrorIds.BackupSignatureMissing], FailedIds(report));
    }

    [Fact]
    public async Task ManifestReSignedByAnotherCertificate_FailsWithSignerUntrusted()
    {
        var backup = await BackupAsync(new ManifestSigner(_signer));
        await File.WriteAllBytesAsync(PathOf(backup.ManifestKey + ".p7s"),
            new ManifestSigner(_intruder).Sign(await File.ReadAllBytesAsync(PathOf(backup.ManifestKey))));

        var report = await CheckAsync(backup, IntegrityLevel.Quick, null, _signer);

        Assert.Equal([ErrorIds.BackupSignerUntrusted], FailedIds(report));
    }

    [Fact]
    public async Task StoreWithTrustedSigners_RequiresTheSignatureWithoutBeingTold()
    {
        var unsigned = await BackupAsync();
        var trusting = new TrustingBackupStore(_store, [_signer]);

        var report = await CheckAsync(unsigned, IntegrityLevel.Quick, trusting);

        Assert.Equal([ErrorIds.BackupSignatureMissing], FailedIds(report));
    }

    [Fact]
    public async Task SignedBackupWithoutTrustedSigners_ReportsTheSignerUnjudged()
    {
        var backup = await BackupAsync(new ManifestSigner(_signer));

        var report = await CheckAsync(backup, IntegrityLevel.Quick);

        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
        Assert.Contains("no trusted signer was given", Assert.Single(report.Checks, c => c.Name == "ManifestSignature").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignatureIsWrittenBeforeTheManifest()
    {
        var completed = new List<string>();
        var recording = new HookedStore(_store) { AfterCompleteUpload = key => { completed.Add(key); return Task.CompletedTask; } };

        await SyntheticBackup.WriteAsync(recording, "docs", Id, 1, [new(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0), 0)], signer: new ManifestSigner(_signer));

        Assert.Equal(["manifest.json.p7s", "manifest.json"], completed.Where(k => k.Contains("manifest", StringComparison.Ordinal)).Select(Path.GetFileName));
    }
}
