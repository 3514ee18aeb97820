using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// Field ownership (<c>metadata.managedFields</c>) for the one field the lab lets writers fight over:
/// <c>spec.replicas</c>. An update hands the field to its manager; a server-side apply that would change a value
/// another manager owns is a 409 conflict unless <c>force=true</c> — the trap a DR tool meets when Helm or
/// kubectl set the replica count.
/// </summary>
internal static class ManagedFields
{
    public const string ReplicasPath = ".spec.replicas";

    /// <summary>A non-apply write changed (or kept) the replica count; ownership moves only when the value changed.</summary>
    public static void RecordUpdate(JsonObject statefulSet, string manager, bool replicasChanged, string? subresource)
    {
        if (!replicasChanged)
        {
            return;
        }

        DisownReplicas(statefulSet, except: null);
        OwnReplicas(statefulSet, manager, "Update", subresource);
    }

    /// <summary>A server-side apply of <paramref name="desired"/> replicas; throws the Conflict status when another owner holds a different value.</summary>
    public static void RecordApply(JsonObject statefulSet, ResourceType type, string manager, int current, int desired, bool force, string? subresource)
    {
        var others = Owners(statefulSet).Where(o => !(o.Manager == manager && o.Operation == "Apply")).Select(o => o.Manager).Distinct().ToList();
        if (desired != current && others.Count > 0 && !force)
        {
            throw KubeErrors.ApplyConflict(type, statefulSet.Name(), others, "apps/v1", ReplicasPath);
        }

        if (desired != current || force)
        {
            DisownReplicas(statefulSet, except: (manager, "Apply"));
        }

        OwnReplicas(statefulSet, manager, "Apply", subresource);
    }

    /// <summary>The manager a non-apply request is recorded under: <c>fieldManager</c>, else the User-Agent's product name, as the apiserver does.</summary>
    public static string ManagerOf(string? fieldManager, string? userAgent)
    {
        if (!string.IsNullOrEmpty(fieldManager))
        {
            return fieldManager;
        }

        var product = (userAgent ?? "").Split('/', 2)[0].Trim();
        return product.Length > 0 ? product : "unknown";
    }

    public static JsonObject Entry(string manager, string operation, string? subresource, JsonObject fields)
    {
        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = operation,
            ["apiVersion"] = "apps/v1",
            ["time"] = KubeTime.Now(),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        };
        if (subresource is not null)
        {
            entry["subresource"] = subresource;
        }

        return entry;
    }

    private static IEnumerable<(string Manager, string Operation)> Owners(JsonObject statefulSet) =>
        Entries(statefulSet).OfType<JsonObject>()
            .Where(e => e["fieldsV1"]?["f:spec"]?["f:replicas"] is not null)
            .Select(e => (e["manager"]!.GetValue<string>(), e["operation"]!.GetValue<string>()));

    private static void DisownReplicas(JsonObject statefulSet, (string Manager, string Operation)? except)
    {
        var entries = Entries(statefulSet);
        foreach (var entry in entries.OfType<JsonObject>().ToList())
        {
            if (except is { } keep && entry["manager"]?.GetValue<string>() == keep.Manager && entry["operation"]?.GetValue<string>() == keep.Operation)
            {
                continue;
            }

            if (entry["fieldsV1"]?["f:spec"] is JsonObject spec && spec.Remove("f:replicas"))
            {
                if (spec.Count == 0)
                {
                    entry["fieldsV1"]!.AsObject().Remove("f:spec");
                }

                if (entry["fieldsV1"]!.AsObject().Count == 0)
                {
                    entries.Remove(entry);
                }
            }
        }
    }

    private static void OwnReplicas(JsonObject statefulSet, string manager, string operation, string? subresource)
    {
        var entries = Entries(statefulSet);
        var entry = entries.OfType<JsonObject>().FirstOrDefault(e =>
            e["manager"]?.GetValue<string>() == manager && e["operation"]?.GetValue<string>() == operation
            && e["subresource"]?.GetValue<string>() == subresource);
        if (entry is null)
        {
            entry = Entry(manager, operation, subresource, new JsonObject());
            entries.Add(entry);
        }

        entry["time"] = KubeTime.Now();
        entry["fieldsV1"]!.AsObject().Child("f:spec")["f:replicas"] = new JsonObject();
    }

    private static JsonArray Entries(JsonObject statefulSet)
    {
        var metadata = statefulSet.Metadata();
        return metadata["managedFields"] as JsonArray ?? (JsonArray)(metadata["managedFields"] = new JsonArray());
    }
}
