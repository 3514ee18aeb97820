using System.Text;
using System.Text.Json.Nodes;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Backups.Encryption;
using PubSec.Dr.Tests.TestSupport;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Tests.Backups.Integrity;

public sealed class IntegrityCheckerTests : IDisposable
{
    private const string Collection = "docs";
    private const string Id = "20260301T101542Z-abc123";
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;
    private readonly IntegrityChecker _checker;

    public IntegrityCheckerTests()
    {
        _store = new FolderBackupStore(_root.Path);
        _checker = new IntegrityChecker(_store, NullOperationLog.Instance);
    }

    public void Dispose() => _root.Dispose();

    /// <summary>Two nodes, two shards, one replica each: node 0 holds shard 0, node 1 holds shard 1.</summary>
    private static SyntheticNode[] TwoNodes() =>
    [
        new(new QdrantSnapshotBuilder(shardNumber: 2).WithData(0), 0),
        new(new QdrantSnapshotBuilder(shardNumber: 2).WithData(1).WithWalBytes(300_000), 1),
    ];

    [Theory]
    [InlineData(IntegrityLevel.Quick)]
    [InlineData(IntegrityLevel.Full)]
    public async Task GoodBackup_Passes(IntegrityLevel level)
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());

        var report = await CheckAsync(backup, level);

        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
        Assert.All(report.Checks, check => Assert.Null(check.ErrorId));
        Assert.Equal(Id, report.BackupId);
        Assert.Equal("Qdrant", report.Kind);
        Assert.Equal(Collection, report.Collection);
        Assert.Equal(_store.Location, report.Store);
        Assert.Equal(level, report.Level);
        Assert.Same(backup, report.Backup);
    }

    [Fact]
    public async Task Full_ReadsEveryByteAndRunsEveryCheck()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());

        var report = await CheckAsync(backup, IntegrityLevel.Full);

        Assert.Equal(backup.SizeBytes, report.BytesRead);
        Assert.Equal(
            ["Manifest", "ManifestStored", "PartArchive", "PartArchive", "PartChecksum", "PartChecksum", "PartExists", "PartExists", "PartSize", "PartSize", "ShardCoverage"],
            report.Checks.Select(check => check.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Full_ReadsPartsSideBySide_AndReportsTheirChecksInPartOrder()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());
        var parts = backup.AllParts.Select(p => p.Key).ToList();
        var secondOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The first part may only be read once the second is being read too: one part after the other would wait here.
        var hooked = new HookedStore(_store)
        {
            BeforeOpenRead = async key =>
            {
                if (key == parts[1])
                {
                    secondOpened.TrySetResult();
                }
                else if (key == parts[0])
                {
                    await secondOpened.Task.WaitAsync(TimeSpan.FromSeconds(10));
                }
            },
        };

        var report = await new IntegrityChecker(hooked, NullOperationLog.Instance).CheckAsync(backup, IntegrityLevel.Full, null, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(IntegrityVerdict.Passed, report.Verdict);
        Assert.Equal(backup.SizeBytes, report.BytesRead);
        // PartArchive comes later, from the rules over all archives; the checks of each part come in part order.
        Assert.Equal(
            parts.SelectMany(key => new[] { (key, "PartExists"), (key, "PartSize"), (key, "PartChecksum") }),
            report.Checks.Where(c => parts.Contains(c.Target) && c.Name != "PartArchive").Select(c => (c.Target, c.Name)));
    }

    [Fact]
    public async Task Quick_ReadsNoContent()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());

        var report = await CheckAsync(backup, IntegrityLevel.Quick);

        Assert.Equal(0, report.BytesRead);
        Assert.DoesNotContain(report.Checks, check => check.Name is "PartChecksum" or "PartArchive" or "ShardCoverage");
    }

    [Fact]
    public async Task Full_ReportsProgressForTheBytesRead()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());
        var reports = new List<TransferProgress>();

        await _checker.CheckAsync(backup, IntegrityLevel.Full, new SynchronousProgress(reports), CancellationToken.None);

        foreach (var part in backup.AllParts)
        {
            var last = reports.Last(report => report.Item == part.Key);
            Assert.Equal(part.Size, last.BytesDone);
            Assert.Equal(100, last.PercentComplete);
        }
    }

    [Fact]
    public async Task FlippedByte_FailsFullWithChecksumMismatch_ButNotQuick()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());
        var damaged = backup.Parts[1];
        var bytes = File.ReadAllBytes(PathOf(damaged.Key));
        // A byte inside shard 1's WAL data: the archive stays well-formed, only the content changed.
        var offset = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(QdrantSnapshotBuilder.WalMarker(1))) + 1000;
        bytes[offset] ^= 0x01;
        File.WriteAllBytes(PathOf(damaged.Key), bytes);

        var quick = await CheckAsync(backup, IntegrityLevel.Quick);
        var full = await CheckAsync(backup, IntegrityLevel.Full);

        Assert.Equal(IntegrityVerdict.Passed, quick.Verdict);
        Assert.Equal(IntegrityVerdict.Failed, full.Verdict);
        var failed = Assert.Single(full.Checks, check => !check.Passed);
        Assert.Equal("PartChecksum", failed.Name);
        Assert.Equal(damaged.Key, failed.Target);
        Assert.Equal(ErrorIds.BackupChecksumMismatch, failed.ErrorId);
        Assert.Contains(damaged.Sha256, failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordedChecksumInUpperCase_StillMatches()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());
        backup = await RewriteManifestAsync(backup, manifest =>
        {
            foreach (var part in manifest["parts"]!.AsArray())
            {
                part!["sha256"] = part["sha256"]!.GetValue<string>().ToUpperInvariant();
            }
        });

        Assert.Equal(IntegrityVerdict.Passed, (await CheckAsync(backup, IntegrityLevel.Full)).Verdict);
    }

    [Theory]
    [InlineData(IntegrityLevel.Quick)]
    [InlineData(IntegrityLevel.Full)]
    public async Task TruncatedPart_FailsWithSizeMismatch(IntegrityLevel level)
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());
        var damaged = backup.Parts[1];
        await using (var file = new FileStream(PathOf(damaged.Key), FileMode.Open))
        {
            file.SetLength(damaged.Size / 2);
        }

        var report = await CheckAsync(backup, level);

        Assert.Equal(IntegrityVerdict.Failed, report.Verdict);
        var size = Assert.Single(report.Checks, check => check.Name == "PartSize" && !check.Passed);
        Assert.Equal(damaged.Key, size.Target);
        Assert.Equal(ErrorIds.BackupPartSizeMismatch, size.ErrorId);
        Assert.Contains((damaged.Size / 2).ToString(System.Globalization.CultureInfo.InvariantCulture), size.Detail, StringComparison.Ordinal);
        if (level == IntegrityLevel.Full)
        {
            Assert.Contains(report.Checks, check => check.ErrorId == ErrorIds.BackupChecksumMismatch && check.Target == damaged.Key);
            Assert.Contains(report.Checks, check => check.ErrorId == ErrorIds.BackupArchiveMalformed && check.Target == damaged.Key);
        }
    }

    [Theory]
    [InlineData(IntegrityLevel.Quick)]
    [InlineData(IntegrityLevel.Full)]
    public async Task DeletedPart_FailsWithPartMissing(IntegrityLevel level)
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());
        var deleted = backup.Parts[0];
        await _store.DeleteAsync(deleted.Key, CancellationToken.None);

        var report = await CheckAsync(backup, level);

        Assert.Equal(IntegrityVerdict.Failed, report.Verdict);
        var missing = Assert.Single(report.Checks, check => check.Name == "PartExists" && !check.Passed);
        Assert.Equal(deleted.Key, missing.Target);
        Assert.Equal(ErrorIds.BackupPartMissing, missing.ErrorId);
        // A missing part is not also reported with a size or checksum of its own.
        Assert.DoesNotContain(report.Checks, check => check.Target == deleted.Key && check.Name != "PartExists");
        if (level == IntegrityLevel.Full)
        {
            // Shard 0 lived only in the deleted part.
            var coverage = Assert.Single(report.Checks, check => check.Name == "ShardCoverage");
            Assert.False(coverage.Passed);
            Assert.Contains("0", coverage.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(IntegrityLevel.Quick)]
    [InlineData(IntegrityLevel.Full)]
    public async Task IncompleteBackup_FailsWithNotSucceeded(IntegrityLevel level)
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes(), BackupStatus.Incomplete);

        var report = await CheckAsync(backup, level);

        Assert.Equal(IntegrityVerdict.Failed, report.Verdict);
        var manifest = Assert.Single(report.Checks, check => !check.Passed);
        Assert.Equal("Manifest", manifest.Name);
        Assert.Equal(Id, manifest.Target);
        Assert.Equal(ErrorIds.BackupNotSucceeded, manifest.ErrorId);
        Assert.Contains("Shard 1 has no data on any node.", manifest.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupWithoutParts_FailsTheManifestCheck()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 1, []);

        var report = await CheckAsync(backup, IntegrityLevel.Quick);

        Assert.Equal(ErrorIds.BackupNotSucceeded, Assert.Single(report.Checks, check => !check.Passed).ErrorId);
    }

    [Fact]
    public async Task PartLackingDataTheManifestClaims_FailsWithArchiveMalformed()
    {
        // The manifest says node 1 also holds shard 0, but its archive has only shard 1's data.
        var backup = await WriteAndReadBackAsync(shardNumber: 2,
        [
            new SyntheticNode(new QdrantSnapshotBuilder(shardNumber: 2).WithData(0), 0),
            new SyntheticNode(new QdrantSnapshotBuilder(shardNumber: 2).WithData(1), 0, 1),
        ]);

        var quick = await CheckAsync(backup, IntegrityLevel.Quick);
        var full = await CheckAsync(backup, IntegrityLevel.Full);

        Assert.Equal(IntegrityVerdict.Passed, quick.Verdict);
        var failed = Assert.Single(full.Checks, check => !check.Passed);
        Assert.Equal("PartArchive", failed.Name);
        Assert.Equal(backup.Parts[1].Key, failed.Target);
        Assert.Equal(ErrorIds.BackupArchiveMalformed, failed.ErrorId);
        Assert.Contains("shard(s) 0", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardThatNoPartCovers_FailsShardCoverage()
    {
        // Shard 2 has a directory in every archive (so each part is well-formed) but data in none.
        var backup = await WriteAndReadBackAsync(shardNumber: 3,
        [
            new SyntheticNode(new QdrantSnapshotBuilder(shardNumber: 3).WithData(0), 0),
            new SyntheticNode(new QdrantSnapshotBuilder(shardNumber: 3).WithData(1), 1),
        ]);

        var report = await CheckAsync(backup, IntegrityLevel.Full);

        Assert.Equal(IntegrityVerdict.Failed, report.Verdict);
        var failed = Assert.Single(report.Checks, check => !check.Passed);
        Assert.Equal("ShardCoverage", failed.Name);
        Assert.Equal(Id, failed.Target);
        Assert.Equal(ErrorIds.BackupArchiveMalformed, failed.ErrorId);
        Assert.EndsWith("shard(s) 2.", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardCoveredByAReplicaOnAnotherNode_Passes()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2,
        [
            new SyntheticNode(new QdrantSnapshotBuilder(shardNumber: 2, replicationFactor: 2).WithData(0, 1), 0, 1),
            new SyntheticNode(new QdrantSnapshotBuilder(shardNumber: 2, replicationFactor: 2).WithData(1), 1),
            new SyntheticNode(new QdrantSnapshotBuilder(shardNumber: 2, replicationFactor: 2), []),
        ]);

        Assert.Equal(IntegrityVerdict.Passed, (await CheckAsync(backup, IntegrityLevel.Full)).Verdict);
    }

    [Theory]
    [InlineData("symlink")]
    [InlineData("escape")]
    [InlineData("corrupt-segment")]
    [InlineData("no-config")]
    [InlineData("wrong-shard-number")]
    [InlineData("missing-shard-dir")]
    public async Task ArchiveThatQdrantWouldRefuse_FailsFullWithArchiveMalformed(string defect)
    {
        var bad = new QdrantSnapshotBuilder(shardNumber: 2).WithData(1);
        _ = defect switch
        {
            "symlink" => bad.WithSymlink("1/wal/closed-9", "/etc/passwd"),
            "escape" => bad.WithFile("../../etc/cron.d/x", "* * * * * root true"),
            "corrupt-segment" => bad.WithCorruptSegment(1),
            "no-config" => bad.WithoutConfig(),
            "wrong-shard-number" => bad.WithConfigJson("""{"params":{"shard_number":3}}"""),
            "missing-shard-dir" => bad.WithoutShardDirectory(0),
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };
        var backup = await WriteAndReadBackAsync(shardNumber: 2,
        [
            new SyntheticNode(new QdrantSnapshotBuilder(shardNumber: 2).WithData(0), 0),
            new SyntheticNode(bad, 1),
        ]);

        var quick = await CheckAsync(backup, IntegrityLevel.Quick);
        var full = await CheckAsync(backup, IntegrityLevel.Full);

        Assert.Equal(IntegrityVerdict.Passed, quick.Verdict);
        var failed = Assert.Single(full.Checks, check => !check.Passed);
        Assert.Equal("PartArchive", failed.Name);
        Assert.Equal(backup.Parts[1].Key, failed.Target);
        Assert.Equal(ErrorIds.BackupArchiveMalformed, failed.ErrorId);
    }

    [Fact]
    public async Task PartWithConfigOfTheWrongShape_FailsFullWithArchiveMalformed()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 1,
            [new SyntheticNode(new QdrantSnapshotBuilder(shardNumber: 1).WithData(0).WithConfigJson("""{"params":[]}"""), 0)]);

        var report = await CheckAsync(backup, IntegrityLevel.Full);

        Assert.Equal(ErrorIds.BackupArchiveMalformed, Assert.Single(report.Checks, check => !check.Passed).ErrorId);
    }

    [Fact]
    public async Task EncryptedBackupCheckedWithoutItsKey_ReportsOnlyTheMissingKey_NotCorruption()
    {
        using var owner = TestCertificates.Rsa("pubsecdr-integrity-owner");
        using var stranger = TestCertificates.Rsa("pubsecdr-integrity-stranger");
        await SyntheticBackup.WriteAsync(_store, Collection, Id, shardNumber: 2, TwoNodes(),
            encryptor: new PartEncryptor([TestCertificates.PublicOnly(owner)]));
        var backup = Assert.Single(await new BackupCatalog(_store).ListAsync(new BackupQuery(Id: Id), CancellationToken.None));
        using var wrongKey = new DecryptionKeyRing([stranger], searchStores: false);

        var report = await new IntegrityChecker(_store, NullOperationLog.Instance) { Decryption = wrongKey }
            .CheckAsync(backup, IntegrityLevel.Full, null, CancellationToken.None);

        Assert.Equal(IntegrityVerdict.Failed, report.Verdict);
        var failed = report.Checks.Where(check => !check.Passed).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, check => Assert.Equal(ErrorIds.BackupDecryptionKeyNotFound, check.ErrorId));
        Assert.All(failed, check => Assert.Equal("PartDecryption", check.Name));
        Assert.Equal(2, report.Checks.Count(check => check.Name == "PartStoredChecksum" && check.Passed));
        var error = IntegrityAdvice.ErrorFor(report, failed[0]);
        Assert.Equal(DrErrorCategory.ObjectNotFound, error.Category);
        Assert.Contains("-DecryptionCertificate", error.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain("altered the store", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncryptedBackupWithAMissingPart_StillFailsShardCoverage_ForTheShardOnlyThatPartHeld()
    {
        using var owner = TestCertificates.Rsa("pubsecdr-integrity-owner");
        await SyntheticBackup.WriteAsync(_store, Collection, Id, shardNumber: 2, TwoNodes(),
            encryptor: new PartEncryptor([TestCertificates.PublicOnly(owner)]));
        var backup = Assert.Single(await new BackupCatalog(_store).ListAsync(new BackupQuery(Id: Id), CancellationToken.None));
        await _store.DeleteAsync(backup.AllParts[0].Key, CancellationToken.None);
        using var keys = new DecryptionKeyRing([owner], searchStores: false);

        var report = await new IntegrityChecker(_store, NullOperationLog.Instance) { Decryption = keys }
            .CheckAsync(backup, IntegrityLevel.Full, null, CancellationToken.None);

        var coverage = Assert.Single(report.Checks, check => check.Name == "ShardCoverage");
        Assert.Equal(ErrorIds.BackupArchiveMalformed, coverage.ErrorId);
        Assert.EndsWith("shard(s) 0.", coverage.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedPartKey_IsRefusedWithoutReadingOutsideTheStore()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());
        backup = await RewriteManifestAsync(backup, manifest => manifest["parts"]![0]!["key"] = "../../../etc/passwd");

        var error = await Assert.ThrowsAsync<DrException>(() => CheckAsync(backup, IntegrityLevel.Full));

        Assert.Equal(ErrorIds.StoreKeyInvalid, error.ErrorId);
    }

    [Fact]
    public async Task Cancelled_Throws()
    {
        var backup = await WriteAndReadBackAsync(shardNumber: 2, TwoNodes());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _checker.CheckAsync(backup, IntegrityLevel.Full, null, cancelled.Token));
    }

    /// <summary>Writes a synthesized backup and reads it back through the catalog, as Test-BackupIntegrity gets it.</summary>
    private async Task<QdrantBackup> WriteAndReadBackAsync(int shardNumber, SyntheticNode[] nodes, BackupStatus status = BackupStatus.Succeeded)
    {
        await SyntheticBackup.WriteAsync(_store, Collection, Id, shardNumber, nodes, status);
        var listed = await new BackupCatalog(_store).ListAsync(new BackupQuery(Id: Id), CancellationToken.None);
        return Assert.IsType<QdrantBackup>(Assert.Single(listed));
    }

    /// <summary>Changes the stored manifest (as someone with write access to the store could) and lists the backup again.</summary>
    private async Task<QdrantBackup> RewriteManifestAsync(QdrantBackup backup, Action<JsonObject> change)
    {
        var path = PathOf(backup.ManifestKey);
        var manifest = JsonNode.Parse(await File.ReadAllBytesAsync(path))!.AsObject();
        change(manifest);
        await File.WriteAllTextAsync(path, manifest.ToJsonString());
        var listed = await new BackupCatalog(_store).ListAsync(new BackupQuery(Id: backup.Id), CancellationToken.None);
        return Assert.IsType<QdrantBackup>(Assert.Single(listed));
    }

    private Task<IntegrityReport> CheckAsync(DrBackup backup, IntegrityLevel level) =>
        _checker.CheckAsync(backup, level, progress: null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

    private string PathOf(string key) => Path.Combine(_store.RootPath, key.Replace('/', Path.DirectorySeparatorChar));

    private sealed class SynchronousProgress(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
