using System.Text.Json.Nodes;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// Generic reads and writes of namespaced objects of any kind, as JSON, in one namespace (<see cref="Target"/>):
/// what configuration backups and restores need and nothing more. Each call is one request; failures are
/// DrExceptions with the Kubernetes* error ids. Secret rotation and the drills' Secret copies use it too.
/// </summary>
public interface IKubernetesObjects : IDisposable
{
    KubernetesNamespaceTarget Target { get; }

    /// <summary>The API server's address, for the manifest (never credentials).</summary>
    string Server { get; }

    /// <summary>The context in use (the given one, else the kubeconfig's current one; null in a pod).</summary>
    string? Context { get; }

    /// <summary>Every object of <paramref name="type"/> in the namespace, as the server returns them; null when the server does not serve the kind (404).</summary>
    Task<IReadOnlyList<JsonObject>?> ListAsync(ConfigResourceType type, CancellationToken ct);

    /// <summary>One object, or null when it does not exist.</summary>
    Task<JsonObject?> GetAsync(ConfigResourceType type, string name, CancellationToken ct);

    Task<JsonObject> CreateAsync(ConfigResourceType type, JsonObject item, CancellationToken ct);

    /// <summary>PUT: <paramref name="item"/> must carry the live object's metadata.resourceVersion.</summary>
    Task<JsonObject> ReplaceAsync(ConfigResourceType type, string name, JsonObject item, CancellationToken ct);

    /// <summary>Deletes one object; false when it was already gone (the drill's cleanup of a copied Secret).</summary>
    Task<bool> DeleteAsync(ConfigResourceType type, string name, CancellationToken ct);

    Task<bool> NamespaceExistsAsync(CancellationToken ct);

    Task CreateNamespaceAsync(CancellationToken ct);

    /// <summary>Deletes the namespace and everything in it (the server finishes in the background); false when it was already gone.</summary>
    Task<bool> DeleteNamespaceAsync(CancellationToken ct);
}
