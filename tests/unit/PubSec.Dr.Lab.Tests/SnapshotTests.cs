using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>Reference §2.1–§2.4 and §5: naming, sidecar checksums, wait=false, download, delete, traversal.</summary>
[Collection(SharedLab.Name)]
public sealed class SnapshotTests(SharedLab shared)
{
    private LabInstance Lab => shared.Lab;

    [Fact]
    public async Task Created_snapshot_is_named_by_peer_and_second_and_its_checksum_is_the_sha256_of_the_download()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(1);
        await rest.CreateCollectionAsync(name, shards: 3, replication: 2);
        await rest.UpsertAsync(name, 1, 20);

        var snapshot = await rest.CreateSnapshotAsync(name);
        var snapshotName = snapshot["name"]!.GetValue<string>();
        var bytes = await rest.DownloadAsync(name, snapshotName);

        Assert.Matches($"^{Regex.Escape(name)}-{Lab.PeerId(1)}-\\d{{4}}-\\d{{2}}-\\d{{2}}-\\d{{2}}-\\d{{2}}-\\d{{2}}\\.snapshot$", snapshotName);
        Assert.Matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$", snapshot["creation_time"]!.GetValue<string>());
        Assert.Equal(bytes.Length, snapshot["size"]!.GetValue<long>());
        Assert.Equal(TarFiles.Sha256(bytes), snapshot["checksum"]!.GetValue<string>());
        var sidecar = await File.ReadAllTextAsync(Path.Combine(Lab.SnapshotsPath(1), name, snapshotName + ".checksum"));
        Assert.Equal(TarFiles.Sha256(bytes), sidecar);
    }

    [Fact]
    public async Task Download_is_raw_octet_stream_with_content_length()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name);
        var snapshotName = (await rest.CreateSnapshotAsync(name))["name"]!.GetValue<string>();

        using var response = await rest.Http.GetAsync($"collections/{name}/snapshots/{snapshotName}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new FileInfo(Path.Combine(Lab.SnapshotsPath(0), name, snapshotName)).Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Wait_false_answers_202_without_result_and_the_file_appears_later()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(2);
        await rest.CreateCollectionAsync(name);

        var accepted = await rest.PostAsync($"collections/{name}/snapshots?wait=false");

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal(["status", "time"], accepted.Body!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("accepted", accepted.Body!["status"]!.GetValue<string>());
        var listed = await Poll.UntilAsync(async () => (await rest.GetAsync($"collections/{name}/snapshots")).Result!.AsArray(),
            list => list.Count == 1, "the background snapshot to be listed");
        Assert.Equal(64, listed[0]!["checksum"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Two_snapshots_in_the_same_second_share_a_name_and_the_second_overwrites()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name);
        await Poll.UntilAsync(() => Task.FromResult(DateTime.UtcNow.Millisecond), ms => ms < 400, "the start of a second", 3);

        var first = await rest.CreateSnapshotAsync(name);
        await rest.UpsertAsync(name, 1, 3);
        var second = await rest.CreateSnapshotAsync(name);

        Assert.Equal(first["name"]!.GetValue<string>(), second["name"]!.GetValue<string>());
        var listed = (await rest.GetAsync($"collections/{name}/snapshots")).Result!.AsArray();
        Assert.Single(listed);
        Assert.Equal(second["checksum"]!.GetValue<string>(), listed[0]!["checksum"]!.GetValue<string>());
        Assert.NotEqual(first["checksum"]!.GetValue<string>(), second["checksum"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_removes_file_and_sidecar_and_a_second_delete_is_404()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name);
        var snapshotName = (await rest.CreateSnapshotAsync(name))["name"]!.GetValue<string>();

        var deleted = await rest.DeleteAsync($"collections/{name}/snapshots/{snapshotName}");
        var again = await rest.DeleteAsync($"collections/{name}/snapshots/{snapshotName}");

        deleted.AssertOk();
        Assert.True(deleted.Result!.GetValue<bool>());
        Assert.Empty(Directory.GetFiles(Path.Combine(Lab.SnapshotsPath(0), name)));
        again.AssertError(HttpStatusCode.NotFound, $"Not found: Snapshot {snapshotName} not found");
        Assert.Empty((await rest.GetAsync($"collections/{name}/snapshots")).Result!.AsArray());
    }

    [Theory]
    [InlineData("..%2F..%2F..%2Fcluster.json")]
    [InlineData("..%5C..%5Ccluster.json")]
    public async Task Path_traversal_names_are_not_found(string escapedName)
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name);

        using var response = await rest.Http.GetAsync($"collections/{name}/snapshots/{escapedName}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("{\"status\":{\"error\":\"Not found: Snapshot ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_of_a_collection_without_snapshots_is_empty()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(1);
        await rest.CreateCollectionAsync(name);

        var response = await rest.GetAsync($"collections/{name}/snapshots");

        response.AssertOk();
        Assert.Equal("[]", response.Result!.ToJsonString());
    }
}
