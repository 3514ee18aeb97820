using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// The stored form of a configuration backup: one multi-document YAML stream (<c>---</c> between objects) that
/// <c>kubectl apply -f</c> takes as it is. Objects pass through the client's typed models, so KubernetesYaml writes
/// them as kubectl does (keys in order, ambiguous strings quoted, Secret data as base64).
/// </summary>
public static class ConfigYaml
{
    private static readonly Dictionary<string, Func<string, object>> Models = new(StringComparer.Ordinal)
    {
        ["ServiceAccount"] = json => KubernetesJson.Deserialize<V1ServiceAccount>(json),
        ["Role"] = json => KubernetesJson.Deserialize<V1Role>(json),
        ["RoleBinding"] = json => KubernetesJson.Deserialize<V1RoleBinding>(json),
        ["ConfigMap"] = json => KubernetesJson.Deserialize<V1ConfigMap>(json),
        ["Secret"] = json => KubernetesJson.Deserialize<V1Secret>(json),
        ["PersistentVolumeClaim"] = json => KubernetesJson.Deserialize<V1PersistentVolumeClaim>(json),
        ["StatefulSet"] = json => KubernetesJson.Deserialize<V1StatefulSet>(json),
        ["Deployment"] = json => KubernetesJson.Deserialize<V1Deployment>(json),
        ["DaemonSet"] = json => KubernetesJson.Deserialize<V1DaemonSet>(json),
        ["Job"] = json => KubernetesJson.Deserialize<V1Job>(json),
        ["CronJob"] = json => KubernetesJson.Deserialize<V1CronJob>(json),
        ["Service"] = json => KubernetesJson.Deserialize<V1Service>(json),
        ["Ingress"] = json => KubernetesJson.Deserialize<V1Ingress>(json),
        ["HorizontalPodAutoscaler"] = json => KubernetesJson.Deserialize<V2HorizontalPodAutoscaler>(json),
    };

    /// <summary>The objects (each with apiVersion and kind) as one multi-document YAML; empty for none.</summary>
    public static string Serialize(IEnumerable<JsonObject> items)
    {
        var typed = items.Select(ToModel).ToList();
        return typed.Count == 0 ? string.Empty : KubernetesYaml.SerializeAll(typed);
    }

    /// <summary>Reads a stream written by <see cref="Serialize"/> back into JSON objects; throws KubernetesConfigBackupInvalid when it is not one.</summary>
    public static IReadOnlyList<JsonObject> Parse(string yaml, string source)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return [];
        }

        List<object> loaded;
        try
        {
            loaded = KubernetesYaml.LoadAllFromString(yaml);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException)
        {
            // The parser's message quotes only a position and the expected token, never a value.
            throw Invalid(source, $"it is not a Kubernetes YAML stream ({ex.GetType().Name} at {(ex as YamlDotNet.Core.YamlException)?.Start.ToString() ?? "an unknown position"})", ex);
        }

        var objects = new List<JsonObject>(loaded.Count);
        foreach (var item in loaded)
        {
            if (item is null || JsonNode.Parse(KubernetesJson.Serialize(item)) is not JsonObject json || ConfigResourceTypes.Of(
                json["apiVersion"]?.GetValue<string>(), json["kind"]?.GetValue<string>()) is null)
            {
                throw Invalid(source, $"it holds an object of a kind a configuration backup does not hold ({item?.GetType().Name ?? "empty document"})", null);
            }

            objects.Add(json);
        }

        return objects;
    }

    private static object ToModel(JsonObject item)
    {
        var kind = item["kind"]?.GetValue<string>() ?? string.Empty;
        return Models.TryGetValue(kind, out var model)
            ? model(item.ToJsonString())
            : throw new ArgumentException($"A configuration backup does not hold objects of kind '{kind}'.", nameof(item));
    }

    internal static DrException Invalid(string source, string why, Exception? inner) => new(
        ErrorIds.KubernetesConfigBackupInvalid, DrErrorCategory.InvalidData,
        $"The configuration backup part {source} cannot be used: {why}.",
        "Take a new configuration backup; check who altered this one (Test-BackupIntegrity -Level Full).", source, inner);
}
