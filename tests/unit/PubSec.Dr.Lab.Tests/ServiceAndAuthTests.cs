using System.Net;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests;

/// <summary>Reference §1.1, §1.2, §7.4: envelopes, the open probes, and the exact authentication failures.</summary>
[Collection(SharedLab.Name)]
public sealed class ServiceAndAuthTests(SharedLab shared)
{
    private LabInstance Lab => shared.Lab;

    [Fact]
    public async Task Root_answers_unwrapped_version_info_without_a_key()
    {
        using var rest = Lab.Rest(0, key: null);
        var response = await rest.GetAsync("");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var body = response.Body!.AsObject();
        Assert.Equal("qdrant - vector search engine", body["title"]!.GetValue<string>());
        Assert.Equal("1.19.0", body["version"]!.GetValue<string>());
        Assert.True(body.ContainsKey("commit"));
        Assert.False(body.ContainsKey("status"), "GET / is not wrapped in the envelope");
    }

    [Theory]
    [InlineData("healthz", "healthz check passed")]
    [InlineData("livez", "healthz check passed")]
    [InlineData("readyz", "all shards are ready")]
    public async Task Health_probes_are_open_plain_text(string path, string text)
    {
        using var rest = Lab.Rest(1, key: null);
        var response = await rest.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/plain", response.ContentType);
        Assert.Equal(text, response.Text);
    }

    [Fact]
    public async Task Missing_and_wrong_keys_get_plain_text_401s()
    {
        using var none = Lab.Rest(0, key: null);
        using var wrong = Lab.Rest(0, key: "not-the-key");

        var missing = await none.GetAsync("collections");
        var invalid = await wrong.GetAsync("collections");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal("Must provide an API key or an Authorization bearer token", missing.Text);
        Assert.Equal(HttpStatusCode.Unauthorized, invalid.Status);
        Assert.Equal("Invalid API key or JWT", invalid.Text);
        Assert.NotEqual("application/json", invalid.ContentType);
    }

    [Fact]
    public async Task Bearer_token_is_accepted_as_the_key()
    {
        using var rest = Lab.Rest(0, key: null);
        rest.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LabInstance.ApiKey);

        (await rest.GetAsync("collections")).AssertOk();
    }

    [Fact]
    public async Task Read_only_key_reads_but_gets_403_on_manage_operations()
    {
        var name = SharedLab.NewCollection();
        using var admin = Lab.Rest(0);
        await admin.CreateCollectionAsync(name);
        using var reader = Lab.Rest(0, LabInstance.ReadOnlyKey);

        (await reader.GetAsync($"collections/{name}")).AssertOk();
        Assert.Equal(0, await reader.CountAsync(name));
        (await reader.PostAsync($"collections/{name}/snapshots")).AssertError(HttpStatusCode.Forbidden, "Forbidden: Global manage access is required");
        (await reader.PutAsync($"collections/{SharedLab.NewCollection()}", new JsonObject())).AssertError(
            HttpStatusCode.Forbidden, "Forbidden: Global manage access is required");
    }

    [Fact]
    public async Task Envelopes_have_result_status_and_float_time_and_errors_have_no_result()
    {
        using var rest = Lab.Rest(0);
        var ok = await rest.GetAsync("collections");
        var missing = await rest.GetAsync("collections/does-not-exist");

        ok.AssertOk();
        Assert.Equal(System.Text.Json.JsonValueKind.Number, ok.Body!["time"]!.GetValueKind());
        Assert.Contains(".", ok.Body!["time"]!.ToJsonString(), StringComparison.Ordinal);
        missing.AssertError(HttpStatusCode.NotFound, "Not found: Collection `does-not-exist` doesn't exist!");
        Assert.Contains("`does-not-exist`", missing.Text, StringComparison.Ordinal);
    }
}
