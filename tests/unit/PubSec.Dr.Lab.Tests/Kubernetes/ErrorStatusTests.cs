using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>Refusals as Status objects with the apiserver's reason/code pairs and wording; none of them changes the cluster.</summary>
[Collection(SharedKubeLab.Name)]
public sealed class ErrorStatusTests(SharedKubeLab shared)
{
    private KubeLab Lab => shared.Lab;

    [Fact]
    public async Task A_missing_object_is_a_404_status_naming_the_resource()
    {
        var (status, body) = await Lab.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/missing");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"statefulsets.apps \"missing\" not found",
             "reason":"NotFound","details":{"name":"missing","group":"apps","kind":"statefulsets"},"code":404}
            """), body), body.ToJsonString());

        var viaClient = await Assert.ThrowsAsync<HttpOperationException>(() => Lab.Client.CoreV1.ReadNamespacedPodAsync("qdrant-9", KubeLab.Namespace));
        Assert.Equal(HttpStatusCode.NotFound, viaClient.Response.StatusCode);
        var parsed = KubernetesJson.Deserialize<V1Status>(viaClient.Response.Content);
        Assert.Equal(("NotFound", 404, "pods \"qdrant-9\" not found"), (parsed.Reason, parsed.Code, parsed.Message));
    }

    [Theory]
    [InlineData("/api/v1/namespaces/pubsec-info-assistant/widgets")]
    [InlineData("/apis/batch/v1/namespaces/pubsec-info-assistant/widgets")]
    [InlineData("/apis/batch/v9/namespaces/pubsec-info-assistant/jobs")]
    [InlineData("/api/v1/pods/qdrant-0")]
    [InlineData("/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant/nothing")]
    public async Task An_unknown_path_is_a_404_status(string path)
    {
        var (status, body) = await Lab.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(("Status", "Failure", "NotFound", 404), (body["kind"]!.GetValue<string>(), body["status"]!.GetValue<string>(), body["reason"]!.GetValue<string>(), body["code"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("POST", "/api/v1/namespaces/pubsec-info-assistant/pods")]
    [InlineData("DELETE", "/api/v1/nodes/lab-node-0")]
    [InlineData("PUT", "/api/v1/namespaces/pubsec-info-assistant/pods/qdrant-0")]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant/scale")]
    public async Task A_verb_the_resource_does_not_take_is_a_405_status(string method, string path)
    {
        var (status, body) = await Lab.SendAsync(new HttpMethod(method), path, "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("MethodNotAllowed", body["reason"]!.GetValue<string>());
        Assert.Equal(405, body["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task Without_the_bearer_token_every_call_is_a_401_unauthorized_status(string? authorization)
    {
        using var http = Lab.NewApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/pubsec-info-assistant/pods");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}
            """), body), body.ToJsonString());
    }

    [Fact]
    public async Task The_client_with_a_wrong_token_gets_401()
    {
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Lab.Config.Host, SslCaCerts = Lab.Config.SslCaCerts, AccessToken = "not-the-token" });

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNodeAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Response.StatusCode);
        Assert.Equal("Unauthorized", KubernetesJson.Deserialize<V1Status>(refused.Response.Content).Reason);
    }

    [Fact]
    public async Task A_claim_delete_with_a_stale_resource_version_precondition_is_a_409_and_changes_nothing()
    {
        var claim = await Lab.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("qdrant-storage-qdrant-0", KubeLab.Namespace);

        var (status, body) = await Lab.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/pubsec-info-assistant/persistentvolumeclaims/qdrant-storage-qdrant-0",
            """{"preconditions":{"resourceVersion":"1"},"propagationPolicy":"Background"}""");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Conflict", body["reason"]!.GetValue<string>());
        Assert.Equal(
            $"Operation cannot be fulfilled on persistentvolumeclaims \"qdrant-storage-qdrant-0\": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: {claim.Metadata.ResourceVersion}",
            body["message"]!.GetValue<string>());
        var after = await Lab.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("qdrant-storage-qdrant-0", KubeLab.Namespace);
        Assert.Null(after.Metadata.DeletionTimestamp);
        Assert.Equal(claim.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_dry_run_delete_answers_the_terminating_object_and_changes_nothing()
    {
        var (status, body) = await Lab.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/pubsec-info-assistant/persistentvolumeclaims/qdrant-storage-qdrant-1?dryRun=All");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body["metadata"]!["deletionTimestamp"]);
        Assert.Null((await Lab.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("qdrant-storage-qdrant-1", KubeLab.Namespace)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Version_and_health_answer_without_a_token()
    {
        using var http = Lab.NewApiClient();

        var version = JsonNode.Parse(await http.GetStringAsync("/version"))!;
        Assert.Equal("v1.33.1", version["gitVersion"]!.GetValue<string>());
        Assert.Equal("ok", await http.GetStringAsync("/readyz"));
    }
}
