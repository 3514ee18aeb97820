using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// <c>&lt;data&gt;/kubernetes.json</c>: the emulated cluster's etcd. Holds the API port and bearer token chosen at
/// first start (so the kubeconfig stays valid across restarts), the resourceVersion counter and every object.
/// Kept here rather than in cluster.json because the consensus rewrites that file whole and owns its shape.
/// </summary>
internal sealed class KubeStateFile
{
    private readonly string _path;

    private KubeStateFile(string path, int port, string token, long resourceVersion, IReadOnlyList<JsonObject> objects)
    {
        _path = path;
        Port = port;
        Token = token;
        ResourceVersion = resourceVersion;
        Objects = objects;
    }

    public int Port { get; set; }

    public string Token { get; }

    /// <summary>The counter and objects as loaded; empty on a first start (the seed fills them).</summary>
    public long ResourceVersion { get; }

    public IReadOnlyList<JsonObject> Objects { get; }

    public bool IsNew => Objects.Count == 0;

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "kubernetes.json");

    public static KubeStateFile LoadOrCreate(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return new KubeStateFile(path, 0, "lab-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), 0, []);
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            return new KubeStateFile(
                path,
                root["port"].AsInt()!.Value,
                root["token"]!.GetValue<string>(),
                root["resourceVersion"].AsLong()!.Value,
                root["objects"]!.AsArray().Select(o => o!.AsObject().DeepClone().AsObject()).ToList());
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NullReferenceException or InvalidOperationException)
        {
            throw new LabStartupException($"{path} is not a valid Kubernetes state file ({ex.Message}); delete it to start the emulated cluster afresh.", ex);
        }
    }

    public void Save(long resourceVersion, IEnumerable<JsonObject> objects) =>
        AtomicFile.WriteAllText(_path, new JsonObject
        {
            ["port"] = Port,
            ["token"] = Token,
            ["resourceVersion"] = resourceVersion,
            ["objects"] = new JsonArray(objects.Select(o => (JsonNode)o.DeepClone()).ToArray()),
        }.ToJsonString(Rest.LabJson.Compact));
}
