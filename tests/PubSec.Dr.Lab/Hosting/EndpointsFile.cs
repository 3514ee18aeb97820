using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Hosting;

/// <summary>
/// <c>&lt;data&gt;/endpoints.json</c>: written atomically once every listener is up (callers poll for it), rewritten
/// when a node stops or starts, deleted on exit.
/// </summary>
internal static class EndpointsFile
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "endpoints.json");

    public static JsonObject Node(LabNode node) => new()
    {
        ["index"] = node.Index,
        ["peerId"] = node.PeerId,
        ["rest"] = node.RestUri,
        ["grpc"] = node.GrpcUri,
        ["storagePath"] = node.Paths.Storage,
        ["snapshotsPath"] = node.Paths.Snapshots,
        ["running"] = node.Running,
    };

    public static JsonArray Nodes(LabCluster cluster) => new(cluster.Nodes.Select(n => (JsonNode)Node(n)).ToArray());

    /// <param name="kubernetes">The emulated cluster's entry (api, kubeconfig, context, namespace), once it runs.</param>
    /// <param name="application">The application stub's entry (region, address, port, baseUrl), when there is one.</param>
    public static void Write(LabCluster cluster, int adminPort, JsonObject? kubernetes, JsonObject? application = null) =>
        AtomicFile.WriteAllText(PathIn(cluster.Options.DataDirectory), new JsonObject
        {
            ["admin"] = $"http://127.0.0.1:{adminPort}",
            ["apiKey"] = cluster.Options.ApiKey,
            ["version"] = cluster.Options.Version,
            ["nodes"] = Nodes(cluster),
            ["kubernetes"] = kubernetes,
            ["application"] = application,
        }.ToJsonString(Rest.LabJson.Indented));

    public static void Delete(string dataDirectory) => File.Delete(PathIn(dataDirectory));
}
