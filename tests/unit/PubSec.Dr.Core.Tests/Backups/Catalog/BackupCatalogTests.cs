using System.Security.Cryptography.X509Certificates;
using System.Text;
using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Backups.Encryption;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Backups.Catalog;

public sealed class BackupCatalogTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;
    private readonly BackupCatalog _catalog;
    private readonly List<DrException> _unreadable = new();

    public BackupCatalogTests()
    {
        _store = new FolderBackupStore(_root.Path);
        _catalog = new BackupCatalog(_store);
        _catalog.UnreadableManifest += _unreadable.Add;
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task List_ReturnsBackupsNewestFirst()
    {
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "b-middle", T0.AddHours(2));
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "c-oldest", T0.AddHours(1));
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "other", "a-newest", T0.AddDays(1));

        var listed = await _catalog.ListAsync(new BackupQuery(), CancellationToken.None);

        Assert.Equal(["a-newest", "b-middle", "c-oldest"], listed.Select(backup => backup.Id));
        Assert.Empty(_unreadable);
    }

    [Fact]
    public async Task KeepTrusted_LeavesOutAndReportsEveryBackupWhoseSignatureFails_AndKeepsTheOrder()
    {
        using var certificate = TestCertificates.Rsa("pubsecdr-catalog-signer", X509KeyUsageFlags.DigitalSignature);
        var signer = new ManifestSigner(certificate);
        await SyntheticBackup.WriteAsync(_store, "docs", "a-signed", 1, [], startedAt: T0, signer: signer);
        await SyntheticBackup.WriteAsync(_store, "docs", "b-unsigned", 1, [], startedAt: T0.AddHours(1));
        var edited = await SyntheticBackup.WriteAsync(_store, "docs", "c-edited", 1, [], startedAt: T0.AddHours(2), signer: signer);
        await SyntheticBackup.WriteAsync(_store, "docs", "d-signed", 1, [], startedAt: T0.AddHours(3), signer: signer);
        var path = Path.Combine(_root.Path, edited.ManifestKey);
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("\"pointCount\": 100", "\"pointCount\": 99", StringComparison.Ordinal));
        var listed = await _catalog.ListAsync(new BackupQuery(), CancellationToken.None);
        var rejected = new List<DrException>();

        var kept = await ManifestGate.KeepTrustedAsync(listed, _store, new ManifestSignatureVerifier([certificate]), rejected.Add, CancellationToken.None);

        Assert.Equal(4, listed.Count);
        Assert.Equal(["d-signed", "a-signed"], kept.Select(backup => backup.Id));
        Assert.All(kept, backup => Assert.Same(_store, backup.Store));
        Assert.Equal([ErrorIds.BackupSignatureInvalid, ErrorIds.BackupSignatureMissing], rejected.Select(e => e.ErrorId).Order());
    }

    [Fact]
    public async Task List_SameStartTime_OrdersByIdDescending()
    {
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "id-a", T0);
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "id-c", T0);
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "id-b", T0);

        var listed = await _catalog.ListAsync(new BackupQuery(), CancellationToken.None);

        Assert.Equal(["id-c", "id-b", "id-a"], listed.Select(backup => backup.Id));
    }

    [Fact]
    public async Task List_FillsStoreAndManifestKeyAndEveryManifestField()
    {
        var written = await SyntheticBackup.WriteAsync(_store, "docs", "id1", shardNumber: 2,
            [new SyntheticNode(new QdrantSnapshotBuilder(2).WithData(0, 1), 0, 1)]);

        var backup = Assert.IsType<QdrantBackup>(Assert.Single(await _catalog.ListAsync(new BackupQuery(), CancellationToken.None)));

        Assert.Same(_store, backup.Store);
        Assert.Equal(BackupLayout.Manifest(BackupLayout.QdrantPrefix("docs", "id1")), backup.ManifestKey);
        Assert.Equal(written.ManifestKey, backup.ManifestKey);
        Assert.Equal(written.Store, backup.Store);
        Assert.Equal("docs", backup.Collection);
        Assert.Equal(2u, backup.ShardNumber);
        var part = Assert.Single(backup.Parts);
        Assert.Equal(written.Parts[0].Key, part.Key);
        Assert.Equal(written.Parts[0].Sha256, part.Sha256);
        Assert.Equal(written.SizeBytes, backup.SizeBytes);
    }

    [Fact]
    public async Task WriteManifest_SetsStoreAndManifestKeyOnTheBackup()
    {
        var backup = new QdrantBackup { Id = "id1", Collection = "docs", StartedAt = T0 };
        var key = BackupLayout.Manifest(BackupLayout.QdrantPrefix("docs", "id1"));

        await _catalog.WriteManifestAsync(backup, key, CancellationToken.None);

        Assert.Equal(key, backup.ManifestKey);
        Assert.Same(_store, backup.Store);
        Assert.Equal([key], _root.AllFiles());
    }

    [Fact]
    public async Task WriteManifest_ThatFails_LeavesNoSignatureBehind()
    {
        using var certificate = TestCertificates.Rsa("pubsecdr-catalog-signer", X509KeyUsageFlags.DigitalSignature);
        var hooked = new HookedStore(_store)
        {
            // The signature goes up first; the manifest after it fails, as a full disk or a lost connection would.
            BeforeBeginUpload = key => key.EndsWith("/" + BackupLayout.ManifestName, StringComparison.Ordinal)
                ? throw new IOException("No space left on device") : Task.CompletedTask,
        };
        var backup = new QdrantBackup { Id = "id1", Collection = "docs", StartedAt = T0 };
        var key = BackupLayout.Manifest(BackupLayout.QdrantPrefix("docs", "id1"));

        await Assert.ThrowsAsync<IOException>(() => new BackupCatalog(hooked) { Signer = new ManifestSigner(certificate) }
            .WriteManifestAsync(backup, key, CancellationToken.None));

        Assert.Empty(_root.AllFiles());
    }

    [Fact]
    public async Task List_PartsWithoutAManifest_AreNotListed()
    {
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "complete", T0);
        // An interrupted backup: its parts were stored, its manifest never written.
        await WriteRawAsync(BackupLayout.QdrantPart(BackupLayout.QdrantPrefix("docs", "interrupted"), 0, 1), [1, 2, 3]);
        // And one whose manifest upload never completed.
        var pending = await _store.BeginUploadAsync(BackupLayout.Manifest(BackupLayout.QdrantPrefix("docs", "pending")), CancellationToken.None);
        await pending.Content.WriteAsync(ManifestJson.Serialize(new QdrantBackup { Id = "pending", Collection = "docs" }));
        await pending.Content.FlushAsync();

        var listed = await _catalog.ListAsync(new BackupQuery(), CancellationToken.None);

        Assert.Equal(["complete"], listed.Select(backup => backup.Id));
        Assert.Empty(_unreadable);
        await pending.AbortAsync();
    }

    [Fact]
    public async Task List_OnlyReadsManifestsUnderTheQdrantRoot()
    {
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "id1", T0);
        await WriteRawAsync("elsewhere/docs/id2/manifest.json", ManifestJson.Serialize(new QdrantBackup { Id = "id2" }));
        await WriteRawAsync("qdrant/docs/id3/manifest.json.bak", ManifestJson.Serialize(new QdrantBackup { Id = "id3" }));

        var listed = await _catalog.ListAsync(new BackupQuery(), CancellationToken.None);

        Assert.Equal(["id1"], listed.Select(backup => backup.Id));
    }

    [Fact]
    public async Task List_EmptyStore_IsEmpty() =>
        Assert.Empty(await _catalog.ListAsync(new BackupQuery(), CancellationToken.None));

    [Theory]
    [InlineData("id-2", new[] { "id-2" })]
    [InlineData("ID-2", new[] { "id-2" })]
    [InlineData("id-9", new string[0])]
    public async Task List_FiltersById_IgnoringCase(string id, string[] expected)
    {
        await WriteThreeAsync();
        var listed = await _catalog.ListAsync(new BackupQuery(Id: id), CancellationToken.None);
        Assert.Equal(expected, listed.Select(backup => backup.Id));
    }

    [Theory]
    [InlineData(new[] { "docs" }, new[] { "id-3", "id-1" })]
    [InlineData(new[] { "images", "docs" }, new[] { "id-3", "id-2", "id-1" })]
    [InlineData(new[] { "Docs" }, new string[0])]
    [InlineData(new[] { "nothing" }, new string[0])]
    [InlineData(new string[0], new[] { "id-3", "id-2", "id-1" })]
    public async Task List_FiltersByCollection_CaseSensitively(string[] collections, string[] expected)
    {
        await WriteThreeAsync();
        var listed = await _catalog.ListAsync(new BackupQuery(Collections: collections), CancellationToken.None);
        Assert.Equal(expected, listed.Select(backup => backup.Id));
    }

    [Fact]
    public async Task List_FiltersByCollectionWithCharactersThatAreEscapedInKeys()
    {
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "team/a..b", "id-x", T0);
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "..", "id-y", T0);

        var listed = await _catalog.ListAsync(new BackupQuery(Collections: ["team/a..b"]), CancellationToken.None);

        Assert.Equal(["id-x"], listed.Select(backup => backup.Id));
        Assert.Equal("team/a..b", ((QdrantBackup)listed[0]).Collection);
    }

    [Fact]
    public async Task List_SinceIsInclusiveAndBeforeIsExclusive()
    {
        await WriteThreeAsync();

        Assert.Equal(["id-3", "id-2"], await IdsAsync(new BackupQuery(Since: T0.AddHours(2))));
        Assert.Equal(["id-1"], await IdsAsync(new BackupQuery(Before: T0.AddHours(2))));
        Assert.Equal(["id-2"], await IdsAsync(new BackupQuery(Since: T0.AddHours(2), Before: T0.AddHours(3))));
        Assert.Empty(await IdsAsync(new BackupQuery(Since: T0.AddDays(1))));
    }

    [Fact]
    public async Task List_FiltersCombine()
    {
        await WriteThreeAsync();
        Assert.Equal(["id-3"], await IdsAsync(new BackupQuery(Collections: ["docs"], Since: T0.AddHours(2))));
        Assert.Empty(await IdsAsync(new BackupQuery(Collections: ["images"], Id: "id-1")));
    }

    [Fact]
    public async Task List_UnreadableManifest_IsReportedAndTheListingGoesOn()
    {
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "good-1", T0);
        await WriteRawAsync("qdrant/docs/broken/manifest.json", Encoding.UTF8.GetBytes("{ this is not json"));
        await WriteRawAsync("qdrant/docs/future/manifest.json", Encoding.UTF8.GetBytes("""{"schemaVersion":2,"kind":"Qdrant","id":"future"}"""));
        await WriteRawAsync("qdrant/docs/redis/manifest.json", Encoding.UTF8.GetBytes("""{"schemaVersion":1,"kind":"Redis","id":"redis"}"""));
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "good-2", T0.AddHours(1));

        var listed = await _catalog.ListAsync(new BackupQuery(), CancellationToken.None);

        Assert.Equal(["good-2", "good-1"], listed.Select(backup => backup.Id));
        Assert.Equal(3, _unreadable.Count);
        Assert.All(_unreadable, error => Assert.Equal(ErrorIds.BackupManifestInvalid, error.ErrorId));
        Assert.Equal(
            ["qdrant/docs/broken/manifest.json", "qdrant/docs/future/manifest.json", "qdrant/docs/redis/manifest.json"],
            _unreadable.Select(error => (string)error.Target!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_UnreadableManifestWithoutAListener_IsSkipped()
    {
        var catalog = new BackupCatalog(_store);
        await WriteRawAsync("qdrant/docs/broken/manifest.json", [0xff, 0xfe]);
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "good", T0);

        Assert.Equal(["good"], (await catalog.ListAsync(new BackupQuery(), CancellationToken.None)).Select(backup => backup.Id));
    }

    [Fact]
    public async Task List_ManifestOfTheWrongJsonShape_IsReportedAndTheListingGoesOn()
    {
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "good", T0);
        await WriteRawAsync("qdrant/docs/array/manifest.json", "[]"u8.ToArray());

        var listed = await _catalog.ListAsync(new BackupQuery(), CancellationToken.None);

        Assert.Equal(["good"], listed.Select(backup => backup.Id));
        Assert.Equal(ErrorIds.BackupManifestInvalid, Assert.Single(_unreadable).ErrorId);
    }

    [Fact]
    public async Task List_Cancelled_Throws()
    {
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "id1", T0);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _catalog.ListAsync(new BackupQuery(), cancelled.Token));
    }

    private async Task WriteThreeAsync()
    {
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "id-1", T0.AddHours(1));
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "images", "id-2", T0.AddHours(2));
        await SyntheticBackup.WriteManifestOnlyAsync(_store, "docs", "id-3", T0.AddHours(3));
    }

    private async Task<string[]> IdsAsync(BackupQuery query) =>
        (await _catalog.ListAsync(query, CancellationToken.None)).Select(backup => backup.Id).ToArray();

    private async Task WriteRawAsync(string key, byte[] data)
    {
        await using var upload = await _store.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(data);
        await upload.CompleteAsync(CancellationToken.None);
    }
}
