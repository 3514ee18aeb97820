using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>Reference §3: full-storage snapshots, a tar of per-collection snapshots plus a mapping; REST and gRPC.</summary>
[Collection(SharedLab.Name)]
public sealed class FullSnapshotTests(SharedLab shared)
{
    private LabInstance Lab => shared.Lab;

    [Fact]
    public async Task Full_snapshot_holds_one_collection_snapshot_per_collection_and_the_mapping()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name);
        await rest.UpsertAsync(name, 1, 4);

        var created = await rest.PostAsync("snapshots");
        created.AssertOk();
        var fullName = created.Result!["name"]!.GetValue<string>();
        using var download = await rest.Http.GetAsync($"snapshots/{fullName}");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        var entries = TarFiles.Read(bytes);

        Assert.Matches("^full-snapshot-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}\\.snapshot$", fullName);
        Assert.Equal(TarFiles.Sha256(bytes), created.Result!["checksum"]!.GetValue<string>());
        var mapping = JsonNode.Parse(entries.Text("config.json"))!["collections_mapping"]!;
        var part = mapping[name]!.GetValue<string>();
        Assert.Matches($"^{Regex.Escape(name)}-{Lab.PeerId(0)}-", part);
        var inner = TarFiles.Read(entries.Single(e => e.Name == part).Data);
        Assert.Contains(inner, e => e.Name == "0/wal/open-1");
        Assert.Contains((await rest.GetAsync("snapshots")).Result!.AsArray(), s => s!["name"]!.GetValue<string>() == fullName);
        Assert.DoesNotContain((await rest.GetAsync($"collections/{name}/snapshots")).Result!.AsArray(), s => s!["name"]!.GetValue<string>() == part);

        (await rest.DeleteAsync($"snapshots/{fullName}")).AssertOk();
        (await rest.DeleteAsync($"snapshots/{fullName}")).AssertError(HttpStatusCode.NotFound, $"Not found: Snapshot {fullName} not found");
    }

    [Fact]
    public async Task Full_snapshot_rpcs_create_list_and_delete()
    {
        var client = Lab.Grpc(2);

        var created = await client.CreateFullSnapshotAsync();
        Assert.Contains(created.Name, (await client.ListFullSnapshotsAsync()).Select(s => s.Name));
        await client.DeleteFullSnapshotAsync(created.Name);

        Assert.DoesNotContain(created.Name, (await client.ListFullSnapshotsAsync()).Select(s => s.Name));
        Assert.StartsWith("full-snapshot-", created.Name, StringComparison.Ordinal);
    }
}
