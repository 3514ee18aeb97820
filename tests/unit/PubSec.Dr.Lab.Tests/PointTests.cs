using System.Net;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>Reference §7.2, §7.3 and search: exact counts, id order and paging, filters, brute-force scores, placement.</summary>
[Collection(SharedLab.Name)]
public sealed class PointTests(SharedLab shared)
{
    private LabInstance Lab => shared.Lab;

    [Fact]
    public async Task Scroll_pages_ids_ascending_with_integers_before_uuids()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name, shards: 3, replication: 2);
        const string uuid = "0b5d3c53-8d4f-4d64-a83b-2ac1e0f5b6b1";
        var points = new JsonArray(
            Point(uuid), Point(30), Point(2), Point(10), Point("ffffffff-0000-4000-8000-000000000000"), Point(1));
        (await rest.PutAsync($"collections/{name}/points?wait=true", new JsonObject { ["points"] = points })).AssertOk();

        using var other = Lab.Rest(2);
        var first = await other.PostAsync($"collections/{name}/points/scroll", new JsonObject { ["limit"] = 4 });
        var second = await other.PostAsync($"collections/{name}/points/scroll",
            new JsonObject { ["limit"] = 4, ["offset"] = first.Result!["next_page_offset"]!.DeepClone() });

        Assert.Equal("[1,2,10,30]", Ids(first));
        Assert.Equal(uuid, first.Result!["next_page_offset"]!.GetValue<string>());
        Assert.Equal($"[\"{uuid}\",\"ffffffff-0000-4000-8000-000000000000\"]", Ids(second));
        Assert.Null(second.Result!["next_page_offset"]);
        Assert.True(second.Result!.AsObject().ContainsKey("next_page_offset"), "next_page_offset is null at the end, not absent");
        var record = first.Result!["points"]![0]!.AsObject();
        Assert.Equal(1, record["payload"]!["n"]!.GetValue<int>());
        Assert.Null(record["vector"]);
    }

    [Fact]
    public async Task Count_is_exact_and_filters_delete_what_they_match()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(1);
        await rest.CreateCollectionAsync(name, shards: 3, replication: 2);
        await rest.UpsertAsync(name, 1, 30);
        var groupZero = JsonNode.Parse("""{"must":[{"key":"group","match":{"value":"g0"}}]}""");

        Assert.Equal(30, await rest.CountAsync(name));
        Assert.Equal(10, await rest.CountAsync(name, groupZero));

        (await rest.PostAsync($"collections/{name}/points/delete?wait=true", new JsonObject { ["filter"] = groupZero!.DeepClone() })).AssertOk();
        (await rest.PostAsync($"collections/{name}/points/delete?wait=true", new JsonObject { ["points"] = new JsonArray(1, 2) })).AssertOk();

        using var node0 = Lab.Rest(0);
        Assert.Equal(18, await node0.CountAsync(name));
        Assert.Equal(0, await node0.CountAsync(name, groupZero!.DeepClone()));
    }

    [Fact]
    public async Task Search_ranks_by_the_collection_distance_and_reports_version_and_score()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name, size: 2, shards: 2, distance: "Euclid");
        var points = new JsonArray(
            new JsonObject { ["id"] = 1, ["vector"] = new JsonArray(0f, 0f), ["payload"] = new JsonObject { ["k"] = "a" } },
            new JsonObject { ["id"] = 2, ["vector"] = new JsonArray(3f, 4f), ["payload"] = new JsonObject { ["k"] = "b" } },
            new JsonObject { ["id"] = 3, ["vector"] = new JsonArray(1f, 1f), ["payload"] = new JsonObject { ["k"] = "c" } });
        (await rest.PutAsync($"collections/{name}/points?wait=true", new JsonObject { ["points"] = points })).AssertOk();

        var response = await rest.PostAsync($"collections/{name}/points/search",
            new JsonObject { ["vector"] = new JsonArray(3f, 4f), ["limit"] = 2, ["with_payload"] = true });

        response.AssertOk();
        var hits = response.Result!.AsArray();
        Assert.Equal(2, hits.Count);
        Assert.Equal(2, hits[0]!["id"]!.GetValue<int>());
        Assert.Equal(0f, hits[0]!["score"]!.GetValue<float>());
        Assert.Equal(3, hits[1]!["id"]!.GetValue<int>());
        Assert.Equal(MathF.Sqrt(13f), hits[1]!["score"]!.GetValue<float>(), 4);
        Assert.Equal("b", hits[0]!["payload"]!["k"]!.GetValue<string>());
        Assert.True(hits[0]!["version"]!.GetValue<long>() >= 1);
    }

    [Fact]
    public async Task A_vector_of_the_wrong_dimension_is_wrong_input()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name, size: 4);

        var response = await rest.PutAsync($"collections/{name}/points",
            new JsonObject { ["points"] = new JsonArray(new JsonObject { ["id"] = 1, ["vector"] = new JsonArray(1f, 2f) }) });

        response.AssertError(HttpStatusCode.BadRequest, "Wrong input: Vector dimension error: expected dim: 4, got 2");
    }

    [Fact]
    public async Task Three_shards_with_two_replicas_on_three_nodes_follow_the_placement_rule()
    {
        var name = SharedLab.NewCollection();
        using var rest = Lab.Rest(0);
        await rest.CreateCollectionAsync(name, shards: 3, replication: 2);
        await rest.UpsertAsync(name, 1, 60);

        var perShard = new long[3];
        for (var node = 0; node < 3; node++)
        {
            using var client = Lab.Rest(node);
            var info = await client.ClusterInfoAsync(name);
            var local = info["local_shards"]!.AsArray().Select(s => s!["shard_id"]!.GetValue<int>()).Order().ToArray();
            // Shard s lives on nodes s and s+1 (mod 3), so node n holds shards n-1 and n.
            Assert.Equal(new[] { node, (node + 2) % 3 }.Order().ToArray(), local);
            var remote = info["remote_shards"]!.AsArray();
            Assert.Equal(4, remote.Count);
            Assert.DoesNotContain(remote, r => r!["peer_id"]!.GetValue<ulong>() == Lab.PeerId(node));
            Assert.Equal(Lab.PeerId(node), info["peer_id"]!.GetValue<ulong>());
            Assert.Equal(3, info["shard_count"]!.GetValue<int>());
            foreach (var shard in info["local_shards"]!.AsArray())
            {
                Assert.Equal("Active", shard!["state"]!.GetValue<string>());
                perShard[shard["shard_id"]!.GetValue<int>()] = shard["points_count"]!.GetValue<long>();
            }

            Assert.Equal(60, await client.CountAsync(name));
        }

        Assert.Equal(60, perShard.Sum());
        Assert.All(perShard, count => Assert.True(count > 0, "the hash spreads 60 ids over every shard"));
    }

    private static JsonObject Point(JsonNode id) => new()
    {
        ["id"] = id,
        ["vector"] = new JsonArray(1f, 0f, 0f, 0f),
        ["payload"] = new JsonObject { ["n"] = id.GetValueKind() == System.Text.Json.JsonValueKind.Number ? id.DeepClone() : 0 },
    };

    private static JsonObject Point(int id) => Point(JsonValue.Create(id));

    private static JsonObject Point(string id) => Point(JsonValue.Create(id));

    private static string Ids(RestResponse response) =>
        new JsonArray(response.Result!["points"]!.AsArray().Select(p => p!["id"]!.DeepClone()).ToArray()).ToJsonString();
}
