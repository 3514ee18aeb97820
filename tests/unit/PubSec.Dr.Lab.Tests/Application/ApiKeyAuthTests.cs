using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Application;
using PubSec.Dr.Lab.Kubernetes;

namespace PubSec.Dr.Lab.Tests.Application;

/// <summary>
/// The stub's API-key auth on /api/v1/query: a key is valid while it is a value of a Secret labelled
/// app.pubsec/api-keys=true in the application namespace, read live on each request (as a mounted Secret updates);
/// a request without the header is served as before.
/// </summary>
public sealed class ApiKeyAuthTests
{
    // Without the app collection a query that passes auth answers 503 (a missing dependency), never 401.
    private const string Query = "/api/v1/query?query=document";

    [Fact]
    public async Task The_seeded_key_passes_a_wrong_key_gets_401_json_and_no_header_is_served_as_before()
    {
        await using var lab = await AppLab.StartAsync();
        var seeded = SeededKey(lab);
        Assert.StartsWith("lab-api-key-", seeded, StringComparison.Ordinal);

        var none = await lab.GetAsync(Query);
        var valid = await GetWithKeyAsync(lab, seeded);
        var wrong = await GetWithKeyAsync(lab, seeded + "x");
        var empty = await GetWithKeyAsync(lab, "");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, none.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, valid.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, empty.Status);
        Assert.Equal("application/json", wrong.ContentType);
        var body = JsonNode.Parse(wrong.Body)!;
        Assert.Equal(AppLab.Region, body["region"]!.GetValue<string>());
        Assert.Contains("invalid API key", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(seeded, wrong.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await lab.GetAsync("/health")).Status);
    }

    [Fact]
    public async Task A_rotated_secret_takes_effect_on_the_next_request_the_old_key_is_refused()
    {
        await using var lab = await AppLab.StartAsync();
        var old = SeededKey(lab);

        SetData(lab, ApplicationSeed.ApiKeysSecret, "rotated-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithKeyAsync(lab, old)).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetWithKeyAsync(lab, "rotated-key")).Status);
    }

    [Fact]
    public async Task Only_values_of_secrets_labelled_api_keys_true_are_keys()
    {
        await using var lab = await AppLab.StartAsync();
        var store = lab.Host.Kubernetes!.Store;
        store.Create(ResourceTypes.Secrets, Secret("unlabelled", null, "unlabelled-key"));
        store.Create(ResourceTypes.Secrets, Secret("labelled-false", "false", "false-key"));
        store.Create(ResourceTypes.Secrets, Secret("second-keys", "true", "second-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithKeyAsync(lab, "unlabelled-key")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithKeyAsync(lab, "false-key")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetWithKeyAsync(lab, "second-key")).Status);

        store.Remove(ResourceTypes.Secrets, ClusterLayout.Namespace, "second-keys");
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithKeyAsync(lab, "second-key")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetWithKeyAsync(lab, SeededKey(lab))).Status);
    }

    private static string SeededKey(AppLab lab)
    {
        var secret = lab.Host.Kubernetes!.Store.Get(ResourceTypes.Secrets, ClusterLayout.Namespace, ApplicationSeed.ApiKeysSecret)!;
        Assert.Equal("true", secret.Labels()[ApiKeyGate.Label]);
        var value = Assert.Single(secret["data"]!.AsObject()).Value!.GetValue<string>();
        return Encoding.UTF8.GetString(Convert.FromBase64String(value));
    }

    private static void SetData(AppLab lab, string name, string value) =>
        lab.Host.Kubernetes!.Store.Update(ResourceTypes.Secrets, ClusterLayout.Namespace, name, secret =>
        {
            secret["data"] = new JsonObject { ["client-key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) };
            return StoreChange.Spec;
        });

    private static JsonObject Secret(string name, string? label, string value)
    {
        var labels = new JsonObject { ["app"] = "api" };
        if (label is not null)
        {
            labels[ApiKeyGate.Label] = label;
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ClusterLayout.Namespace, ["labels"] = labels },
            ["type"] = "Opaque",
            ["data"] = new JsonObject { ["key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) },
        };
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> GetWithKeyAsync(AppLab lab, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Query);
        request.Headers.TryAddWithoutValidation(ApiKeyGate.Header, key);
        using var response = await lab.App.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }
}
