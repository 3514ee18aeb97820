using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>kubectl create namespace|configmap|secret send protobuf bodies; the lab reads those and refuses other non-JSON creates with 415.</summary>
[Collection(WritableKubeLab.Name)]
public sealed class ProtobufCreateTests(WritableKubeLab fixture)
{
    private KubeLab Lab => fixture.Lab;

    [Fact]
    public async Task A_protobuf_namespace_as_kubectl_create_sends_it_is_created()
    {
        // runtime.Unknown{typeMeta{apiVersion "v1", kind "Namespace"}, raw = Namespace{metadata{name, labels{team: dr}}}}
        var metadata = Message(1, Text("proto-ns")).Concat(Message(11, Message(1, Text("team")).Concat(Message(2, Text("dr"))).ToArray())).ToArray();
        var raw = Message(1, metadata);
        var body = "k8s\0"u8.ToArray().Concat(Message(1, Message(1, Text("v1")).Concat(Message(2, Text("Namespace"))).ToArray())).Concat(Message(2, raw)).ToArray();

        var (status, created) = await PostAsync("/api/v1/namespaces", body);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(("proto-ns", "dr", "Active"), (created["metadata"]!["name"]!.GetValue<string>(), created["metadata"]!["labels"]!["team"]!.GetValue<string>(),
            created["status"]!["phase"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_protobuf_body_for_another_kind_is_a_415()
    {
        var ns = await fixture.NamespaceAsync("proto");
        var body = "k8s\0"u8.ToArray().Concat(Message(2, Message(1, Message(1, Text("web"))))).ToArray();

        var (status, error) = await PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("UnsupportedMediaType", error["reason"]!.GetValue<string>());
    }

    private async Task<(HttpStatusCode, JsonObject)> PostAsync(string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        using var response = await Lab.Api.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>One length-delimited protobuf field (lengths below 128 in these tests).</summary>
    private static byte[] Message(int field, byte[] value) => [(byte)((field << 3) | 2), (byte)value.Length, .. value];
}
