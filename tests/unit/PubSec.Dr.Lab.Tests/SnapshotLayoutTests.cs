using System.Formats.Tar;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>Reference §6.1–§6.2: a real GNU tar with Qdrant's entries, nested segment tars, data-less snapshots, WAL padding.</summary>
[Collection(SharedLab.Name)]
public sealed class SnapshotLayoutTests(SharedLab shared)
{
    private LabInstance Lab => shared.Lab;

    [Fact]
    public async Task Archive_has_the_collection_files_and_a_directory_per_shard_with_data_only_for_local_shards()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name, shards: 3, replication: 2);
        await rest.UpsertAsync(name, 1, 40);
        var info = await rest.ClusterInfoAsync(name);
        var local = info["local_shards"]!.AsArray().ToDictionary(s => s!["shard_id"]!.GetValue<int>(), s => s!["points_count"]!.GetValue<int>());

        var snapshot = await rest.CreateSnapshotAsync(name);
        var entries = TarFiles.Read(await rest.DownloadAsync(name, snapshot["name"]!.GetValue<string>()));

        Assert.All(entries, e => Assert.Equal(TarEntryFormat.Gnu, e.Format));
        Assert.Equal("0.4.2", entries.Text("version.info"));
        Assert.Contains(entries, e => e.Name == "shard_key_mapping.json");
        Assert.Contains(entries, e => e.Name == "payload_index.json");
        var config = JsonNode.Parse(entries.Text("config.json"))!;
        Assert.Equal(3, config["params"]!["shard_number"]!.GetValue<int>());
        Assert.NotNull(config["wal_config"]);
        for (var shard = 0; shard < 3; shard++)
        {
            Assert.Equal("""{"type":"ReplicaSet"}""", entries.Text($"{shard}/shard_config.json"));
            var state = JsonNode.Parse(entries.Text($"{shard}/replica_state.json"))!;
            Assert.Equal(Lab.PeerId(0), state["this_peer_id"]!.GetValue<ulong>());
            Assert.Equal(2, state["peers"]!.AsObject().Count);
            var hasData = local.ContainsKey(shard);
            Assert.Equal(hasData, state["is_local"]!.GetValue<bool>());
            Assert.Equal(hasData, entries.Any(e => e.Name == $"{shard}/wal/open-1"));
            Assert.Equal(hasData, entries.Any(e => e.Name == $"{shard}/newest_clocks.json"));
            var segments = entries.Where(e => e.Name.StartsWith($"{shard}/segments/", StringComparison.Ordinal) && e.Name.EndsWith(".tar", StringComparison.Ordinal)).ToList();
            Assert.Equal(hasData ? 1 : 0, segments.Count);
            if (hasData)
            {
                var nested = TarFiles.Read(segments[0].Data);
                var lines = nested.Text("snapshot/files/points.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(local[shard], lines.Length);
            }
        }
    }

    [Fact]
    public async Task Node_without_local_shards_yields_a_small_data_less_snapshot()
    {
        var name = SharedLab.NewCollection();
        using var node0 = Lab.Rest(0);
        await node0.CreateCollectionAsync(name);
        await node0.UpsertAsync(name, 1, 50);
        using var node1 = Lab.Rest(1);

        var snapshot = await node1.CreateSnapshotAsync(name);
        var entries = TarFiles.Read(await node1.DownloadAsync(name, snapshot["name"]!.GetValue<string>()));

        Assert.Empty((await node1.ClusterInfoAsync(name))["local_shards"]!.AsArray());
        Assert.Equal(["0/", "0/replica_state.json", "0/shard_config.json"], entries.Where(e => e.Name.StartsWith("0/", StringComparison.Ordinal)).Select(e => e.Name).Order());
        Assert.False(JsonNode.Parse(entries.Text("0/replica_state.json"))!["is_local"]!.GetValue<bool>());
        Assert.True(snapshot["size"]!.GetValue<long>() < 16 * 1024, "a data-less snapshot is a few KB");
    }

    [Fact]
    public async Task Wal_padding_set_at_runtime_adds_that_many_incompressible_bytes_per_local_shard()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name, shards: 2, replication: 1);
        const int padding = 300_000;
        using (var set = await Lab.Admin.PutAsync("lab/options", new StringContent($"{{\"walPaddingBytes\":{padding}}}", System.Text.Encoding.UTF8, "application/json")))
        {
            set.EnsureSuccessStatusCode();
        }

        try
        {
            var snapshot = await rest.CreateSnapshotAsync(name);
            var bytes = await rest.DownloadAsync(name, snapshot["name"]!.GetValue<string>());
            var wal = TarFiles.Read(bytes).Single(e => e.Name == "0/wal/open-1").Data;

            Assert.Equal(padding, wal.Length);
            Assert.True(wal.Distinct().Count() > 250, "padding is pseudo-random, not zeros");
            using var compressed = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(wal);
            }

            Assert.True(compressed.Length > padding * 0.95, "padding does not compress");
        }
        finally
        {
            using var reset = await Lab.Admin.PutAsync("lab/options", new StringContent("{\"walPaddingBytes\":0}", System.Text.Encoding.UTF8, "application/json"));
        }
    }
}
