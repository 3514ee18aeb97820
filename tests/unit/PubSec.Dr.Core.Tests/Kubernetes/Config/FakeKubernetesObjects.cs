using System.Text.Json.Nodes;
using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes.Config;
using PubSec.Dr.Network;

namespace PubSec.Dr.Tests.Kubernetes.Config;

/// <summary>
/// An in-memory namespace behind <see cref="IKubernetesObjects"/>: objects per kind and name, a resourceVersion
/// counter, kinds that answer 404 on list, names whose writes fail, and a log of every write in order.
/// </summary>
internal sealed class FakeKubernetesObjects : IKubernetesObjects, IKubernetesObjectsConnector
{
    private readonly Dictionary<(string Plural, string Name), JsonObject> _objects = [];
    private int _version = 100;

    public FakeKubernetesObjects(string ns = "app") => Target = new KubernetesNamespaceTarget(null, "fake", ns);

    public KubernetesNamespaceTarget Target { get; private set; }

    public string Server => "https://fake:6443";

    public string? Context => "fake";

    public bool NamespaceExists { get; set; } = true;

    public HashSet<string> NotServed { get; } = [];

    public HashSet<string> FailingNames { get; } = [];

    public List<string> Writes { get; } = [];

    public int Connections { get; private set; }

    public IKubernetesObjects KubernetesObjects(KubernetesNamespaceTarget target, NetworkDeadlines? deadlines)
    {
        Connections++;
        Target = target;
        return this;
    }

    /// <summary>Stores an object as a server would return it: with uid, resourceVersion, namespace and status.</summary>
    public JsonObject Seed(ConfigResourceType type, JsonObject item)
    {
        var stored = (JsonObject)item.DeepClone();
        var metadata = (JsonObject)stored["metadata"]!;
        metadata["namespace"] = Target.Namespace;
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["resourceVersion"] = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata["creationTimestamp"] = "2026-01-01T00:00:00Z";
        metadata["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubectl" });
        _objects[(type.Plural, metadata["name"]!.GetValue<string>())] = stored;
        return stored;
    }

    public JsonObject? Stored(ConfigResourceType type, string name) => _objects.GetValueOrDefault((type.Plural, name));

    public Task<IReadOnlyList<JsonObject>?> ListAsync(ConfigResourceType type, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<JsonObject>?>(NotServed.Contains(type.Plural) ? null
            : _objects.Where(o => o.Key.Plural == type.Plural).Select(o => Strip((JsonObject)o.Value.DeepClone())).ToList());

    public Task<JsonObject?> GetAsync(ConfigResourceType type, string name, CancellationToken ct) =>
        Task.FromResult(Stored(type, name)?.DeepClone() as JsonObject);

    private void NotFoundUnlessServed(ConfigResourceType type, string name)
    {
        if (NotServed.Contains(type.Plural))
        {
            throw new DrException(ErrorIds.KubernetesRequestFailed, DrErrorCategory.ObjectNotFound, "404 Not Found", "check", name);
        }
    }

    public Task<JsonObject> CreateAsync(ConfigResourceType type, JsonObject item, CancellationToken ct)
    {
        var name = item["metadata"]!["name"]!.GetValue<string>();
        NotFoundUnlessServed(type, name);
        Fail(type, name);
        Writes.Add($"POST {type.Kind}/{name}");
        return Task.FromResult(Seed(type, item));
    }

    public Task<JsonObject> ReplaceAsync(ConfigResourceType type, string name, JsonObject item, CancellationToken ct)
    {
        Fail(type, name);
        var live = Stored(type, name)!;
        if (item["metadata"]?["resourceVersion"]?.GetValue<string>() != live["metadata"]!["resourceVersion"]!.GetValue<string>())
        {
            throw new DrException(ErrorIds.KubernetesRequestFailed, DrErrorCategory.ResourceExists, "409 Conflict", "retry", name);
        }

        Writes.Add($"PUT {type.Kind}/{name}");
        return Task.FromResult(Seed(type, item));
    }

    public Task<bool> DeleteAsync(ConfigResourceType type, string name, CancellationToken ct)
    {
        Fail(type, name);
        Writes.Add($"DELETE {type.Kind}/{name}");
        return Task.FromResult(_objects.Remove((type.Plural, name)));
    }

    public Task<bool> NamespaceExistsAsync(CancellationToken ct) => Task.FromResult(NamespaceExists);

    public Task CreateNamespaceAsync(CancellationToken ct)
    {
        Writes.Add($"POST Namespace/{Target.Namespace}");
        NamespaceExists = true;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteNamespaceAsync(CancellationToken ct)
    {
        Writes.Add($"DELETE Namespace/{Target.Namespace}");
        var existed = NamespaceExists;
        NamespaceExists = false;
        return Task.FromResult(existed);
    }

    public void Dispose()
    {
    }

    private void Fail(ConfigResourceType type, string name)
    {
        if (FailingNames.Contains(name))
        {
            throw new DrException(ErrorIds.KubernetesRequestFailed, DrErrorCategory.InvalidData, $"422 Unprocessable Entity: {type.Kind} {name} is invalid", "fix it", name);
        }
    }

    // List items come without apiVersion and kind, as from a real server.
    private static JsonObject Strip(JsonObject item)
    {
        item.Remove("apiVersion");
        item.Remove("kind");
        return item;
    }
}
