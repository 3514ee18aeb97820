using System.Formats.Tar;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>Reference §2.5, §2.6, §6.1, §6.3: upload and location recovery, their refusals, and data really being replaced.</summary>
[Collection(SharedLab.Name)]
public sealed class RecoveryTests(SharedLab shared)
{
    private LabInstance Lab => shared.Lab;

    [Fact]
    public async Task Upload_with_the_right_checksum_really_replaces_the_data_and_stays_listed()
    {
        var (name, snapshot) = await SnapshotOfTenPointsAsync();
        using var rest = Lab.Rest(0);
        (await rest.PostAsync($"collections/{name}/points/delete?wait=true", new JsonObject { ["points"] = new JsonArray(1, 2, 3, 4, 5) })).AssertOk();
        await rest.UpsertAsync(name, 100, 3, tag: "after");

        var response = await rest.UploadAsync(name, snapshot, $"?priority=snapshot&checksum={TarFiles.Sha256(snapshot)}", "restore-me.snapshot");

        response.AssertOk();
        Assert.True(response.Result!.GetValue<bool>());
        Assert.Equal(10, await rest.CountAsync(name));
        Assert.Equal(0, await rest.CountAsync(name, JsonNode.Parse("""{"must":[{"key":"tag","match":{"value":"after"}}]}""")));
        var listed = (await rest.GetAsync($"collections/{name}/snapshots")).Result!.AsArray();
        var uploaded = listed.Single(s => s!["name"]!.GetValue<string>() == "restore-me.snapshot")!.AsObject();
        Assert.False(uploaded.ContainsKey("checksum"), "uploaded files have no sidecar, so no checksum key");
        Assert.Empty(Directory.GetFiles(Path.Combine(Lab.SnapshotsPath(0), "tmp", "upload")));
    }

    [Fact]
    public async Task Recovery_with_wait_false_answers_202_and_finishes_in_the_background()
    {
        var (name, snapshot) = await SnapshotOfTenPointsAsync();
        using var rest = Lab.Rest(0);
        await rest.UpsertAsync(name, 200, 5);
        var file = Directory.GetFiles(Path.Combine(Lab.SnapshotsPath(0), name), "*.snapshot").Single();

        var accepted = await rest.PutAsync($"collections/{name}/snapshots/recover?wait=false", new JsonObject { ["location"] = new Uri(file).AbsoluteUri });

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.False(accepted.Body!.AsObject().ContainsKey("result"));
        // While the only replica is in ManualRecovery, reads fail as in Qdrant ("no active replica"); poll through that.
        await Poll.UntilAsync(async () => (await rest.PostAsync($"collections/{name}/points/count", new JsonObject())).Result?["count"]?.GetValue<long>(),
            count => count == 10, "the background recovery to restore 10 points");
    }

    [Fact]
    public async Task Upload_with_a_wrong_checksum_is_400_with_computed_and_given_swapped()
    {
        var (name, snapshot) = await SnapshotOfTenPointsAsync();
        using var rest = Lab.Rest(0);
        var given = new string('a', 64);

        var response = await rest.UploadAsync(name, snapshot, $"?checksum={given}");

        response.AssertError(HttpStatusCode.BadRequest, $"Checksum mismatch: expected {TarFiles.Sha256(snapshot)}, actual {given}");
    }

    [Fact]
    public async Task Upload_with_a_malformed_checksum_is_422()
    {
        var (name, snapshot) = await SnapshotOfTenPointsAsync();
        using var rest = Lab.Rest(0);

        var response = await rest.UploadAsync(name, snapshot, "?checksum=abc");

        Assert.Equal((HttpStatusCode)422, response.Status);
        Assert.StartsWith("Validation error in query parameters: [checksum", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recovery_creates_a_missing_collection_from_the_snapshot_config()
    {
        var (source, snapshot) = await SnapshotOfTenPointsAsync();
        var target = SharedLab.NewCollection("restored");
        using var rest = Lab.Rest(0);

        (await rest.UploadAsync(target, snapshot)).AssertOk();

        var info = (await rest.GetAsync($"collections/{target}")).Result!;
        var original = (await rest.GetAsync($"collections/{source}")).Result!;
        Assert.True(JsonNode.DeepEquals(original["config"], info["config"]));
        Assert.Equal(10, await rest.CountAsync(target));
    }

    [Fact]
    public async Task Incompatible_vectors_are_refused_with_wrong_input()
    {
        var (_, snapshot) = await SnapshotOfTenPointsAsync();
        var other = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(other, size: 8);

        var response = await rest.UploadAsync(other, snapshot);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith("Wrong input: Snapshot is not compatible with existing collection: Collection vectors: ", response.Error, StringComparison.Ordinal);
        Assert.Equal(0, await rest.CountAsync(other));
    }

    [Fact]
    public async Task Symlink_entries_are_forbidden()
    {
        var (name, snapshot) = await SnapshotOfTenPointsAsync();
        var hostile = TarFiles.WithExtraEntry(snapshot, new GnuTarEntry(TarEntryType.SymbolicLink, "evil") { LinkName = "/etc/passwd" });
        using var rest = Lab.Rest(0);

        var response = await rest.UploadAsync(name, hostile);

        response.AssertError(HttpStatusCode.InternalServerError, "Service internal error: Forbidden entry type in tar archive: Symlink");
    }

    [Fact]
    public async Task Entries_escaping_with_dot_dot_are_refused_and_nothing_lands_outside()
    {
        var (name, snapshot) = await SnapshotOfTenPointsAsync();
        var escapee = $"../../../escaped-{Guid.NewGuid():N}.txt";
        var hostile = TarFiles.WithExtraEntry(snapshot, new GnuTarEntry(TarEntryType.RegularFile, escapee) { DataStream = new MemoryStream("x"u8.ToArray()) });
        using var rest = Lab.Rest(0);

        var response = await rest.UploadAsync(name, hostile);

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.StartsWith("Service internal error: Invalid entry path in tar archive", response.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Lab.DataDirectory, Path.GetFileName(escapee), SearchOption.AllDirectories));
        Assert.Equal(10, await rest.CountAsync(name));
    }

    [Fact]
    public async Task A_corrupt_archive_is_a_malformed_tar_error()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        var garbage = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 251)).ToArray();

        var response = await rest.UploadAsync(name, garbage);

        response.AssertError(HttpStatusCode.InternalServerError, "Service internal error: Malformed tar archive, reached unknown entry");
    }

    [Fact]
    public async Task File_location_inside_the_snapshots_folder_recovers()
    {
        var (name, _) = await SnapshotOfTenPointsAsync();
        using var rest = Lab.Rest(0);
        var file = Directory.GetFiles(Path.Combine(Lab.SnapshotsPath(0), name), "*.snapshot").Single();
        await rest.UpsertAsync(name, 50, 5);

        var response = await rest.PutAsync($"collections/{name}/snapshots/recover", new JsonObject { ["location"] = new Uri(file).AbsoluteUri });

        response.AssertOk();
        Assert.Equal(10, await rest.CountAsync(name));
    }

    [Fact]
    public async Task Http_location_on_another_node_is_downloaded_with_the_api_key()
    {
        var (name, _) = await SnapshotOfTenPointsAsync();
        using var node0 = Lab.Rest(0);
        var snapshotName = (await node0.GetAsync($"collections/{name}/snapshots")).Result![0]!["name"]!.GetValue<string>();
        var target = SharedLab.NewCollection("pulled");
        using var node1 = Lab.Rest(1);

        var response = await node1.PutAsync($"collections/{target}/snapshots/recover", new JsonObject
        {
            ["location"] = $"{Lab.RestUri(0)}collections/{name}/snapshots/{snapshotName}",
            ["api_key"] = LabInstance.ApiKey,
            ["priority"] = "snapshot",
        });

        response.AssertOk();
        Assert.Equal(10, await node1.CountAsync(target));
    }

    [Fact]
    public async Task Location_checksum_mismatch_uses_the_recover_wording()
    {
        var (name, _) = await SnapshotOfTenPointsAsync();
        using var rest = Lab.Rest(0);
        var file = Directory.GetFiles(Path.Combine(Lab.SnapshotsPath(0), name), "*.snapshot").Single();
        var given = new string('b', 64);

        var response = await rest.PutAsync($"collections/{name}/snapshots/recover",
            new JsonObject { ["location"] = new Uri(file).AbsoluteUri, ["checksum"] = given });

        response.AssertError(HttpStatusCode.BadRequest,
            $"Wrong input: Snapshot checksum mismatch: expected {given}, got {TarFiles.Sha256(await File.ReadAllBytesAsync(file))}");
    }

    [Fact]
    public async Task Bad_locations_get_the_documented_refusals()
    {
        var (name, _) = await SnapshotOfTenPointsAsync();
        using var rest = Lab.Rest(0);
        var outside = Path.Combine(Lab.DataDirectory, "outside.snapshot");
        await File.WriteAllBytesAsync(outside, [1, 2, 3]);

        async Task<RestResponse> Recover(string location) =>
            await rest.PutAsync($"collections/{name}/snapshots/recover", new JsonObject { ["location"] = location });

        var forbidden = await Recover(new Uri(outside).AbsoluteUri);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.StartsWith("Forbidden: Snapshot file path must be inside the snapshots directory", forbidden.Error, StringComparison.Ordinal);
        (await Recover("file://relative/x.snapshot")).AssertError(HttpStatusCode.BadRequest,
            "Bad request: Invalid snapshot URI, file path must be absolute or on localhost");
        (await Recover("file:///x.snapshot")).AssertError(HttpStatusCode.BadRequest, "Bad request: Snapshot file \"/x.snapshot\" does not exist");
        (await Recover("ftp://host/x.snapshot")).AssertError(HttpStatusCode.BadRequest,
            "Bad request: URL ftp://host/x.snapshot with scheme ftp is not supported");
        Assert.Equal(10, await rest.CountAsync(name));
    }

    [Fact]
    public async Task A_shard_with_only_its_configs_has_no_data_so_it_is_skipped_and_keeps_its_data_and_state()
    {
        // §6.3 steps 2 and 5: N/shard_config.json must exist, but without segments/ and wal/ the shard has no data;
        // it is skipped and its replica state restored. What the restore module sends for shards another part restores.
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name, shards: 2, replication: 3);
        await rest.UpsertAsync(name, 1, 40);
        var snapshot = await rest.DownloadAsync(name, (await rest.CreateSnapshotAsync(name))["name"]!.GetValue<string>());
        var withoutShard1 = TarFiles.Write(TarFiles.Read(snapshot), e =>
            e.Name.StartsWith("1/", StringComparison.Ordinal) && e.Name is not ("1/" or "1/shard_config.json" or "1/replica_state.json") ? null : e);
        Assert.Contains(TarFiles.Read(withoutShard1), e => e.Name == "1/shard_config.json");
        Assert.DoesNotContain(TarFiles.Read(withoutShard1), e => e.Name.StartsWith("1/wal", StringComparison.Ordinal) || e.Name.StartsWith("1/segments", StringComparison.Ordinal));
        await rest.UpsertAsync(name, 100, 40, tag: "after");
        var before = await LocalPointCountsAsync(rest, name);

        var response = await rest.UploadAsync(name, withoutShard1, "?priority=snapshot");

        response.AssertOk();
        await Poll.UntilAsync(async () => await UnsettledAsync(name), unsettled => unsettled == 0, "the collection to settle on every node");
        var after = await LocalPointCountsAsync(rest, name);
        Assert.Equal(before[1], after[1]);
        Assert.True(after[0] < before[0], "shard 0 was restored to the snapshot, without the points written after it");
        var cluster = (await rest.GetAsync($"collections/{name}/cluster")).Result!;
        Assert.All(cluster["local_shards"]!.AsArray(), s => Assert.Equal("Active", s!["state"]!.GetValue<string>()));
        Assert.Equal(40 + 40 - (before[0] - after[0]), await rest.CountAsync(name));
    }

    private static async Task<Dictionary<int, long>> LocalPointCountsAsync(QdrantRest rest, string name) =>
        (await rest.GetAsync($"collections/{name}/cluster")).Result!["local_shards"]!.AsArray()
            .ToDictionary(s => s!["shard_id"]!.GetValue<int>(), s => s!["points_count"]!.GetValue<long>());

    private async Task<int> UnsettledAsync(string name)
    {
        var unsettled = 0;
        for (var node = 0; node < Lab.NodeCount; node++)
        {
            using var rest = Lab.Rest(node);
            var cluster = (await rest.GetAsync($"collections/{name}/cluster")).Result!;
            unsettled += cluster["local_shards"]!.AsArray().Count(s => s!["state"]!.GetValue<string>() != "Active")
                + cluster["remote_shards"]!.AsArray().Count(s => s!["state"]!.GetValue<string>() != "Active")
                + (cluster["shard_transfers"]?.AsArray().Count ?? 0);
        }

        return unsettled;
    }

    /// <summary>A 1-shard collection on node 0 with ids 1..10 and that node's snapshot bytes.</summary>
    private async Task<(string Name, byte[] Snapshot)> SnapshotOfTenPointsAsync()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name);
        await rest.UpsertAsync(name, 1, 10);
        var snapshot = await rest.CreateSnapshotAsync(name);
        return (name, await rest.DownloadAsync(name, snapshot["name"]!.GetValue<string>()));
    }
}
