using System.Net;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Tests.Application;

/// <summary>The application stub: its routes, the region header on every answer, and a port that refuses while the app is down.</summary>
public sealed class AppStubTests
{
    [Fact]
    public async Task Health_and_ready_name_the_region()
    {
        await using var lab = await AppLab.StartAsync();

        var health = await lab.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal(AppLab.Region, health.Region);
        Assert.Equal("ok", health.Body!["status"]!.GetValue<string>());
        Assert.Equal(AppLab.Region, health.Body["region"]!.GetValue<string>());

        var ready = await lab.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal(AppLab.Region, ready.Region);
    }

    [Fact]
    public async Task Ready_is_503_naming_a_stopped_node_and_a_dead_redis()
    {
        await using var lab = await AppLab.StartAsync();
        (await lab.Admin.PostAsync("/lab/nodes/1/stop", null)).EnsureSuccessStatusCode();

        var nodeDown = await lab.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, nodeDown.Status);
        Assert.Equal(AppLab.Region, nodeDown.Region);
        Assert.Equal("not-ready", nodeDown.Body!["status"]!.GetValue<string>());
        var failing = nodeDown.Body["failing"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.Single(failing);
        Assert.StartsWith("qdrant node 1 ", failing[0]);

        (await lab.Admin.PostAsync("/lab/nodes/1/start", null)).EnsureSuccessStatusCode();
        await lab.StopRedisAsync();
        var redisDown = await lab.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, redisDown.Status);
        var reason = Assert.Single(redisDown.Body!["failing"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("redis 127.0.0.1:", reason);
        Assert.DoesNotContain(lab.Redis.Password, redisDown.Body.ToJsonString());
    }

    [Fact]
    public async Task Ready_is_503_when_the_password_is_wrong()
    {
        await using var lab = await AppLab.StartAsync();
        await File.WriteAllTextAsync(lab.PasswordFile, "not-the-password");

        var ready = await lab.GetAsync("/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("AUTH refused", Assert.Single(ready.Body!["failing"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Query_searches_the_collection_deterministically()
    {
        await using var lab = await AppLab.StartAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await lab.GetAsync("/api/v1/query")).Status);
        var missing = await lab.GetAsync("/api/v1/query?query=document");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, missing.Status);
        Assert.Contains("missing", missing.Body!["failing"]![0]!.GetValue<string>());

        using var rest = lab.Rest(0);
        await rest.CreateCollectionAsync(AppLab.Collection, size: 8);
        var points = new JsonArray();
        for (var id = 1; id <= 20; id++)
        {
            points.Add(new JsonObject
            {
                ["id"] = id,
                ["vector"] = new JsonArray(Enumerable.Range(0, 8).Select(i => (JsonNode)((id * 7 + i * 13) % 17 / 17.0 + 0.01)).ToArray()),
                ["payload"] = new JsonObject { ["title"] = $"document {id}" },
            });
        }

        (await rest.PutAsync($"collections/{AppLab.Collection}/points?wait=true", new JsonObject { ["points"] = points })).AssertOk();

        var first = await lab.GetAsync("/api/v1/query?query=document");
        var second = await lab.GetAsync("/api/v1/query?query=document");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(AppLab.Region, first.Region);
        Assert.Equal(AppLab.Region, first.Body!["region"]!.GetValue<string>());
        Assert.Equal("document", first.Body["query"]!.GetValue<string>());
        var results = first.Body["results"]!.AsArray();
        Assert.Equal(5, results.Count);
        Assert.Equal(results[0]!["title"]!.GetValue<string>(), first.Body["answer"]!.GetValue<string>());
        Assert.Equal(first.Body.ToJsonString(), second.Body!.ToJsonString());
    }

    [Fact]
    public async Task Admin_stop_closes_the_port_and_start_reopens_it()
    {
        await using var lab = await AppLab.StartAsync();
        Assert.True(await lab.AcceptsAsync());

        var stopped = JsonNode.Parse(await (await lab.Admin.PostAsync("/lab/app/stop", null)).Content.ReadAsStringAsync())!;
        Assert.False(stopped["listening"]!.GetValue<bool>());
        Assert.False(await lab.AcceptsAsync());

        (await lab.Admin.PostAsync("/lab/app/start", null)).EnsureSuccessStatusCode();
        Assert.True(await lab.AcceptsAsync());
        Assert.Equal(HttpStatusCode.OK, (await lab.GetAsync("/health")).Status);
    }

    [Fact]
    public async Task Port_refuses_while_the_api_deployment_has_no_ready_replica()
    {
        await using var lab = await AppLab.StartAsync();

        lab.ScaleApi(0);
        await TestSupport.Poll.UntilAsync(lab.AcceptsAsync, accepts => !accepts, "the stub to close its port after api scaled to 0");

        lab.ScaleApi(2);
        await TestSupport.Poll.UntilAsync(lab.AcceptsAsync, accepts => accepts, "the stub to reopen after api scaled to 2");
        Assert.Equal(HttpStatusCode.OK, (await lab.GetAsync("/health")).Status);
    }
}
