using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// <see cref="IKubernetesObjects"/> over KubernetesClient's generic object calls (one request per call), every
/// failure mapped to a Kubernetes* error id as <see cref="KubernetesWorkloads"/> maps them.
/// </summary>
internal sealed class KubernetesObjects : IKubernetesObjects
{
    private readonly k8s.Kubernetes _client;

    private KubernetesObjects(KubernetesNamespaceTarget target, k8s.Kubernetes client, string server, string? context)
    {
        Target = target;
        _client = client;
        Server = server;
        Context = context;
    }

    public KubernetesNamespaceTarget Target { get; }

    public string Server { get; }

    public string? Context { get; }

    public static KubernetesObjects Connect(KubernetesNamespaceTarget target, NetworkDeadlines? deadlines, KubernetesEnvironment environment)
    {
        var config = KubeConfigLoader.Load(target.ToWorkloadTarget(), environment, deadlines);
        return new KubernetesObjects(target, new k8s.Kubernetes(config, new CoreGroupPathHandler()), config.Host, target.Context ?? config.CurrentContext);
    }

    public async Task<IReadOnlyList<JsonObject>?> ListAsync(ConfigResourceType type, CancellationToken ct)
    {
        try
        {
            using var response = await _client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                type.Group, type.Version, Target.Namespace, type.Plural, cancellationToken: ct).ConfigureAwait(false);
            return response.Body["items"] is JsonArray items ? items.OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()).ToList() : [];
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (Map(ex, type, null, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<JsonObject?> GetAsync(ConfigResourceType type, string name, CancellationToken ct)
    {
        try
        {
            using var response = await _client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                type.Group, type.Version, Target.Namespace, type.Plural, name, cancellationToken: ct).ConfigureAwait(false);
            return response.Body;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (Map(ex, type, name, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<JsonObject> CreateAsync(ConfigResourceType type, JsonObject item, CancellationToken ct)
    {
        var name = ConfigSkipRules.NameOf(item);
        try
        {
            using var response = await _client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                item, type.Group, type.Version, Target.Namespace, type.Plural, cancellationToken: ct).ConfigureAwait(false);
            return response.Body;
        }
        catch (Exception ex) when (Map(ex, type, name, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<JsonObject> ReplaceAsync(ConfigResourceType type, string name, JsonObject item, CancellationToken ct)
    {
        try
        {
            using var response = await _client.CustomObjects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                item, type.Group, type.Version, Target.Namespace, type.Plural, name, cancellationToken: ct).ConfigureAwait(false);
            return response.Body;
        }
        catch (Exception ex) when (Map(ex, type, name, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<bool> DeleteAsync(ConfigResourceType type, string name, CancellationToken ct)
    {
        try
        {
            using var response = await _client.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(
                type.Group, type.Version, Target.Namespace, type.Plural, name, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception ex) when (Map(ex, type, name, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<bool> NamespaceExistsAsync(CancellationToken ct)
    {
        try
        {
            await _client.CoreV1.ReadNamespaceAsync(Target.Namespace, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception ex) when (Map(ex, null, Target.Namespace, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task CreateNamespaceAsync(CancellationToken ct)
    {
        try
        {
            await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Target.Namespace } }, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (Map(ex, null, Target.Namespace, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<bool> DeleteNamespaceAsync(CancellationToken ct)
    {
        try
        {
            await _client.CoreV1.DeleteNamespaceAsync(Target.Namespace, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception ex) when (Map(ex, null, Target.Namespace, ct) is { } mapped)
        {
            throw mapped;
        }
    }

    public void Dispose() => _client.Dispose();

    private DrException? Map(Exception ex, ConfigResourceType? type, string? name, CancellationToken ct)
    {
        var what = type is null ? $"namespace {Target.Namespace}" : $"{type.Kind}{(name is null ? "s" : "/" + name)} in {Target.Namespace}";
        var target = (object?)name ?? Target.Namespace;
        return ex switch
        {
            HttpOperationException http => new DrException(ErrorIds.KubernetesRequestFailed, http.Response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => DrErrorCategory.AuthenticationError,
                HttpStatusCode.Forbidden => DrErrorCategory.PermissionDenied,
                HttpStatusCode.NotFound => DrErrorCategory.ObjectNotFound,
                HttpStatusCode.Conflict => DrErrorCategory.ResourceExists,
                HttpStatusCode.UnprocessableEntity => DrErrorCategory.InvalidData,
                _ => DrErrorCategory.InvalidResult,
            }, $"Kubernetes refused a request on {what}: {(int)http.Response.StatusCode} {http.Response.ReasonPhrase}. {StatusMessage(http)}".TrimEnd(),
                "Check -KubeConfig/-Context/-Namespace and that the account may read and write these kinds in the namespace.", target, ex),
            _ => KubernetesTransportFailures.Map(ex, $"a request on {what}", target, ct),
        };
    }

    // The API server's Status message says which field it refused; it never carries a Secret's value.
    private static string StatusMessage(HttpOperationException http)
    {
        try
        {
            return JsonNode.Parse(http.Response.Content ?? string.Empty)?["message"]?.GetValue<string>() ?? string.Empty;
        }
        catch (System.Text.Json.JsonException)
        {
            return string.Empty;
        }
    }
}
