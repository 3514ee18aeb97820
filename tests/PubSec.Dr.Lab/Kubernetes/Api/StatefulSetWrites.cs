using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// PUT and PATCH of a StatefulSet and of its <c>scale</c> subresource. Every write goes through one path inside
/// the store lock: optimistic concurrency on <c>metadata.resourceVersion</c>, defaulting and validation, field
/// ownership of <c>spec.replicas</c>, then a new resourceVersion (and generation when the spec changed).
/// </summary>
internal sealed class StatefulSetWrites(KubeStore store, Action changed)
{
    private static readonly ResourceType Type = ResourceTypes.StatefulSets;

    public JsonObject Replace(string ns, string name, JsonNode? body, WriteOptions options) =>
        Write(ns, name, options, _ => AsObject(body, "StatefulSet"));

    public JsonObject Patch(string ns, string name, string patchType, JsonNode? patch, WriteOptions options) =>
        Write(ns, name, options, current => Patches.Apply(current, patchType, patch));

    public JsonObject ReplaceScale(string ns, string name, JsonNode? body, WriteOptions options) =>
        ScaleView.From(Write(ns, name, options, current => FromScale(current, AsObject(body, "Scale"))));

    public JsonObject PatchScale(string ns, string name, string patchType, JsonNode? patch, WriteOptions options) =>
        ScaleView.From(Write(ns, name, options, current => FromScale(current, Patches.Apply(ScaleView.From(current), patchType, patch))));

    private JsonObject Write(string ns, string name, WriteOptions options, Func<JsonObject, JsonObject> desiredOf)
    {
        StoreChange Change(JsonObject current) => Merge(current, desiredOf(current), options);

        if (options.DryRun)
        {
            var copy = store.Get(Type, ns, name) ?? throw KubeErrors.NotFound(Type, name);
            Change(copy);
            return copy;
        }

        var result = store.Update(Type, ns, name, Change);
        changed();
        return result;
    }

    /// <summary>The StatefulSet a Scale asks for: the parent with the Scale's replicas and resourceVersion precondition.</summary>
    private static JsonObject FromScale(JsonObject current, JsonObject scale)
    {
        var name = current.Name();
        CheckName(scale, name);
        var replicas = StatefulSetSpec.ReadReplicas(scale["spec"]?["replicas"], "Scale", "autoscaling", name);
        var desired = current.DeepClone().AsObject();
        desired.Child("spec")["replicas"] = replicas;
        desired.Metadata()["resourceVersion"] = scale.Metadata()["resourceVersion"]?.DeepClone();
        return desired;
    }

    private static StoreChange Merge(JsonObject current, JsonObject desired, WriteOptions options)
    {
        var name = current.Name();
        CheckName(desired, name);
        var precondition = desired.Metadata()["resourceVersion"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(precondition) && precondition != current.ResourceVersion())
        {
            throw KubeErrors.Modified(Type, name);
        }

        var currentSpec = current.Child("spec");
        var desiredSpec = desired["spec"] is JsonObject spec ? spec.DeepClone().AsObject() : new JsonObject();
        StatefulSetSpec.Default(desiredSpec);
        var replicas = StatefulSetSpec.ReadReplicas(desiredSpec["replicas"], "StatefulSet", "apps", name);
        StatefulSetSpec.CheckUpdate(currentSpec, desiredSpec, name);

        var before = current.Metadata().DeepClone();
        var oldReplicas = StatefulSetSpec.Replicas(current);
        if (options.Apply)
        {
            ManagedFields.RecordApply(current, Type, options.Manager, oldReplicas, replicas, options.Force, options.Subresource);
        }
        else
        {
            ManagedFields.RecordUpdate(current, options.Manager, replicas != oldReplicas, options.Subresource);
        }

        foreach (var key in new[] { "labels", "annotations" })
        {
            current.Metadata()[key] = desired.Metadata()[key]?.DeepClone();
            if (current.Metadata()[key] is null)
            {
                current.Metadata().Remove(key);
            }
        }

        var specChanged = !JsonNode.DeepEquals(currentSpec, desiredSpec);
        if (specChanged)
        {
            current["spec"] = desiredSpec;
        }

        return specChanged ? StoreChange.Spec
            : JsonNode.DeepEquals(before, current.Metadata()) ? StoreChange.None
            : StoreChange.MetadataOrStatus;
    }

    private static void CheckName(JsonObject obj, string name)
    {
        var given = obj.Metadata()["name"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(given) && given != name)
        {
            throw KubeErrors.BadRequest($"the name of the object ({given}) does not match the name on the URL ({name})");
        }
    }

    private static JsonObject AsObject(JsonNode? body, string kind) =>
        body as JsonObject ?? throw KubeErrors.BadRequest($"{kind} in version \"v1\" cannot be handled as a {kind}: the body is not a JSON object");
}
