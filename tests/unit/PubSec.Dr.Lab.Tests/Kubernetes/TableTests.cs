using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Kubernetes;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>Server-side printing as kubectl get asks for it: a meta.k8s.io/v1 Table when the Accept header prefers one, plain JSON otherwise.</summary>
[Collection(SharedKubeLab.Name)]
public sealed class TableTests(SharedKubeLab shared)
{
    private const string KubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private KubeLab Lab => shared.Lab;

    [Fact]
    public async Task A_statefulset_read_as_a_table_shows_name_ready_and_age_with_partial_metadata()
    {
        var (contentType, table) = await GetAsync("/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant", KubectlAccept);

        Assert.Equal("application/json; as=Table; v=v1; g=meta.k8s.io", contentType);
        Assert.Equal(("Table", "meta.k8s.io/v1"), (table["kind"]!.GetValue<string>(), table["apiVersion"]!.GetValue<string>()));
        Assert.Equal(["Name", "Ready", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.Equal(("qdrant", "3/3"), (row["cells"]![0]!.GetValue<string>(), row["cells"]![1]!.GetValue<string>()));
        Assert.Matches("^[0-9]+(s|m)", row["cells"]![2]!.GetValue<string>());
        Assert.Equal("PartialObjectMetadata", row["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("qdrant", row["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_claim_list_as_a_table_has_kubectls_columns_and_one_row_per_claim()
    {
        var (_, table) = await GetAsync("/api/v1/namespaces/pubsec-info-assistant/persistentvolumeclaims?labelSelector=app%3Dqdrant&limit=500", KubectlAccept);

        Assert.Equal(["Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age"],
            table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(["qdrant-storage-qdrant-0", "qdrant-storage-qdrant-1", "qdrant-storage-qdrant-2"], table["rows"]!.AsArray().Select(r => r!["cells"]![0]!.GetValue<string>()));
        Assert.All(table["rows"]!.AsArray(), r => Assert.Equal(("Bound", "RWO"), (r!["cells"]![1]!.GetValue<string>(), r["cells"]![4]!.GetValue<string>())));
        Assert.False(string.IsNullOrEmpty(table["metadata"]!["resourceVersion"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/json, */*")]
    [InlineData("application/json;as=Table;v=v2;g=meta.k8s.io,application/json")]
    public async Task Without_a_v1_table_first_the_answer_is_the_plain_object(string? accept)
    {
        var (contentType, body) = await GetAsync("/api/v1/nodes", accept);

        Assert.Equal("application/json", contentType);
        Assert.Equal("NodeList", body["kind"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(1, "1s")]
    [InlineData(119, "119s")]
    [InlineData(150, "2m30s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 60, "3h1m")]
    [InlineData(9 * 3600, "9h")]
    [InlineData(3 * 86400 + 3600, "3d1h")]
    [InlineData(20 * 86400, "20d")]
    [InlineData(3 * 365 * 86400 + 86400, "3y1d")]
    public void Ages_are_written_like_the_apiservers_human_duration(long seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    private async Task<(string? ContentType, JsonObject Body)> GetAsync(string path, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Lab.Api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Content.Headers.ContentType?.ToString(), JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
