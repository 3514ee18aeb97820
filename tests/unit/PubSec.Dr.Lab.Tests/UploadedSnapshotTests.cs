using System.Net;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>
/// What becomes of a file uploaded for recovery (reference §2.2, §2.4, §2.6, §5.3): it stays in the collection's
/// snapshot folder under its uploaded name, replacing a file of that name, is listed without checksum, can be deleted
/// through the API while the collection exists, and outlives the collection where the API no longer reaches it.
/// Restores rely on each of these to clean up after themselves.
/// </summary>
[Collection(SharedLab.Name)]
public sealed class UploadedSnapshotTests(SharedLab shared)
{
    private LabInstance Lab => shared.Lab;

    [Fact]
    public async Task An_uploaded_file_can_be_deleted_through_the_api_while_the_collection_exists()
    {
        var (name, snapshot) = await SnapshotOfFivePointsAsync();
        using var rest = Lab.Rest(0);
        (await rest.UploadAsync(name, snapshot, "?priority=snapshot", "restore-copy.snapshot")).AssertOk();
        var file = Path.Combine(Lab.SnapshotsPath(0), name, "restore-copy.snapshot");
        Assert.Equal(snapshot, await File.ReadAllBytesAsync(file));

        var deleted = await rest.DeleteAsync($"collections/{name}/snapshots/restore-copy.snapshot");

        deleted.AssertOk();
        Assert.False(File.Exists(file));
        Assert.DoesNotContain("restore-copy.snapshot", await ListedAsync(rest, name));
        Assert.Equal(5, await rest.CountAsync(name));
    }

    [Fact]
    public async Task An_uploaded_file_outlives_its_collection_where_the_api_cannot_reach_it()
    {
        var (_, snapshot) = await SnapshotOfFivePointsAsync();
        var scratch = SharedLab.NewCollection("scratch");
        using var rest = Lab.Rest(0);
        (await rest.UploadAsync(scratch, snapshot, "?priority=snapshot", "kept.snapshot")).AssertOk();
        Assert.Equal(5, await rest.CountAsync(scratch));

        Assert.True((await rest.DeleteAsync($"collections/{scratch}")).Result!.GetValue<bool>());

        Assert.True(File.Exists(Path.Combine(Lab.SnapshotsPath(0), scratch, "kept.snapshot")), "a deleted collection's snapshot folder stays (§5.3)");
        var missing = $"Not found: Collection `{scratch}` doesn't exist!";
        (await rest.GetAsync($"collections/{scratch}/snapshots")).AssertError(HttpStatusCode.NotFound, missing);
        (await rest.DeleteAsync($"collections/{scratch}/snapshots/kept.snapshot")).AssertError(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task An_upload_named_like_an_existing_snapshot_replaces_that_file()
    {
        var (name, _) = await SnapshotOfFivePointsAsync();
        var (_, other) = await SnapshotOfFivePointsAsync(firstId: 50);
        using var rest = Lab.Rest(0);
        var existing = (await ListedAsync(rest, name)).Single();
        var file = Path.Combine(Lab.SnapshotsPath(0), name, existing);
        Assert.NotEqual(other, await File.ReadAllBytesAsync(file));

        (await rest.UploadAsync(name, other, "?priority=snapshot", existing)).AssertOk();

        Assert.Equal(other, await File.ReadAllBytesAsync(file));
        Assert.Equal([existing], await ListedAsync(rest, name));
    }

    [Fact]
    public async Task An_uploaded_file_not_ending_in_snapshot_is_kept_but_not_listed()
    {
        var (name, snapshot) = await SnapshotOfFivePointsAsync();
        using var rest = Lab.Rest(0);

        (await rest.UploadAsync(name, snapshot, "?priority=snapshot", "copy.tar")).AssertOk();

        Assert.True(File.Exists(Path.Combine(Lab.SnapshotsPath(0), name, "copy.tar")));
        Assert.DoesNotContain("copy.tar", await ListedAsync(rest, name));
    }

    private static async Task<List<string>> ListedAsync(QdrantRest rest, string name) =>
        (await rest.GetAsync($"collections/{name}/snapshots")).Result!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ToList();

    /// <summary>A 1-shard collection on node 0 with five points from <paramref name="firstId"/> and that node's snapshot bytes (it stays listed).</summary>
    private async Task<(string Name, byte[] Snapshot)> SnapshotOfFivePointsAsync(int firstId = 1)
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name);
        await rest.UpsertAsync(name, firstId, 5);
        var snapshot = await rest.CreateSnapshotAsync(name);
        return (name, await rest.DownloadAsync(name, snapshot["name"]!.GetValue<string>()));
    }
}
