using System.Net;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>Reference §7.1 and Qdrant's collection errors: shapes, duplicates, missing collections, name rules.</summary>
[Collection(SharedLab.Name)]
public sealed class CollectionTests(SharedLab shared)
{
    private LabInstance Lab => shared.Lab;

    [Fact]
    public async Task Created_collection_is_visible_cluster_wide_with_the_reference_shape()
    {
        var name = SharedLab.NewCollection();
        using var node0 = Lab.Rest(0);
        using var node2 = Lab.Rest(2);
        await node0.CreateCollectionAsync(name, size: 8, shards: 2, replication: 2, distance: "Dot");

        var info = (await node2.GetAsync($"collections/{name}")).Result!.AsObject();
        var parameters = info["config"]!["params"]!.AsObject();
        Assert.Equal("green", info["status"]!.GetValue<string>());
        Assert.Equal("ok", info["optimizer_status"]!.GetValue<string>());
        Assert.Equal(0, info["points_count"]!.GetValue<long>());
        Assert.Equal("""{"size":8,"distance":"Dot"}""", parameters["vectors"]!.ToJsonString());
        Assert.Equal(2, parameters["shard_number"]!.GetValue<int>());
        Assert.Equal(2, parameters["replication_factor"]!.GetValue<int>());
        Assert.Equal(1, parameters["write_consistency_factor"]!.GetValue<int>());
        foreach (var section in new[] { "hnsw_config", "optimizer_config", "wal_config" })
        {
            Assert.IsType<JsonObject>(info["config"]![section]);
        }

        Assert.False(info.ContainsKey("vectors_count"), "vectors_count was removed in 1.16");
        Assert.True((await node2.GetAsync($"collections/{name}/exists")).Result!["exists"]!.GetValue<bool>());
        var names = (await node2.GetAsync("collections")).Result!["collections"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
        Assert.Contains(name, names);
    }

    [Fact]
    public async Task Named_vectors_round_trip_as_a_map()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        var vectors = new JsonObject
        {
            ["image"] = new JsonObject { ["size"] = 3, ["distance"] = "Euclid" },
            ["text"] = new JsonObject { ["size"] = 2, ["distance"] = "Cosine", ["on_disk"] = true },
        };
        (await rest.PutAsync($"collections/{name}", new JsonObject { ["vectors"] = vectors })).AssertOk();

        var info = await rest.GetAsync($"collections/{name}");
        Assert.True(JsonNode.DeepEquals(vectors, info.Result!["config"]!["params"]!["vectors"]));
    }

    [Fact]
    public async Task Creating_an_existing_collection_is_wrong_input()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(1);
        await rest.CreateCollectionAsync(name);

        var again = await rest.PutAsync($"collections/{name}", new JsonObject { ["vectors"] = new JsonObject { ["size"] = 4, ["distance"] = "Cosine" } });

        again.AssertError(HttpStatusCode.BadRequest, $"Wrong input: Collection `{name}` already exists!");
    }

    [Theory]
    [InlineData("GET", "collections/{0}")]
    [InlineData("GET", "collections/{0}/snapshots")]
    [InlineData("POST", "collections/{0}/snapshots")]
    [InlineData("POST", "collections/{0}/points/count")]
    [InlineData("GET", "collections/{0}/cluster")]
    public async Task Missing_collection_is_404_with_the_exact_message(string method, string path)
    {
        var name = SharedLab.NewCollection("missing");
        using var rest = Lab.Rest(0);

        var response = await rest.SendAsync(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, name));

        response.AssertError(HttpStatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!");
    }

    [Fact]
    public async Task Deleting_removes_the_collection_and_a_missing_one_answers_false()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name, shards: 3, replication: 2);

        Assert.True((await rest.DeleteAsync($"collections/{name}")).Result!.GetValue<bool>());
        Assert.False((await rest.DeleteAsync($"collections/{name}")).Result!.GetValue<bool>());
        Assert.False((await rest.GetAsync($"collections/{name}/exists")).Result!["exists"]!.GetValue<bool>());
        Assert.False(Directory.Exists(Path.GetDirectoryName(Lab.ShardDirectory(0, name, 0))));
    }

    [Theory]
    [InlineData("a:b")]
    [InlineData("a*b")]
    [InlineData("a\\b")]
    public async Task Names_Qdrant_refuses_are_validation_errors(string name)
    {
        using var rest = Lab.Rest(0);
        var response = await rest.PutAsync($"collections/{Uri.EscapeDataString(name)}",
            new JsonObject { ["vectors"] = new JsonObject { ["size"] = 4, ["distance"] = "Cosine" } });

        Assert.Equal((HttpStatusCode)422, response.Status);
        Assert.StartsWith("Validation error in path parameters: [name: ", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_longer_than_255_characters_is_refused()
    {
        using var rest = Lab.Rest(0);
        var response = await rest.GetAsync($"collections/{new string('x', 256)}/exists");

        Assert.Equal((HttpStatusCode)422, response.Status);
    }

    [Fact]
    public async Task Unknown_distance_is_400_and_zero_size_is_422()
    {
        using var rest = Lab.Rest(0);
        var badDistance = await rest.PutAsync($"collections/{SharedLab.NewCollection()}",
            new JsonObject { ["vectors"] = new JsonObject { ["size"] = 4, ["distance"] = "Hamming" } });
        var zeroSize = await rest.PutAsync($"collections/{SharedLab.NewCollection()}",
            new JsonObject { ["vectors"] = new JsonObject { ["size"] = 0, ["distance"] = "Cosine" } });

        Assert.Equal(HttpStatusCode.BadRequest, badDistance.Status);
        Assert.Contains("unknown variant `Hamming`", badDistance.Error, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)422, zeroSize.Status);
    }
}
