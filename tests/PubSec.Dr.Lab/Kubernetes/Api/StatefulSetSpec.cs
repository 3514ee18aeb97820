using System.Text.Json;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// What the apiserver does to a StatefulSet spec before storing it: defaulting, the replicas check, and the
/// rule that only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and
/// minReadySeconds may change after creation.
/// </summary>
internal static class StatefulSetSpec
{
    private static readonly string[] Mutable = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    public static int Replicas(JsonObject statefulSet) => statefulSet["spec"]?["replicas"].AsInt() ?? 1;

    /// <summary>The apps/v1 defaults, filled in where the client left a field out (a PUT may omit them).</summary>
    public static void Default(JsonObject spec)
    {
        spec["replicas"] ??= 1;
        spec["podManagementPolicy"] ??= PodManagementPolicies.OrderedReady;
        spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } };
        spec["revisionHistoryLimit"] ??= 10;
        spec["persistentVolumeClaimRetentionPolicy"] ??= new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" };
    }

    /// <summary>Reads a replicas value; a non-integer is the decoder's 400, a negative one the validator's 422.</summary>
    public static int ReadReplicas(JsonNode? value, string kind, string group, string name)
    {
        if (value is null)
        {
            // An omitted int32 decodes as 0 in autoscaling/v1 Scale (the field is not a pointer there).
            return 0;
        }

        if (value.GetValueKind() != JsonValueKind.Number || value.AsInt() is not { } replicas)
        {
            throw KubeErrors.BadRequest(
                $"{kind} in version \"v1\" cannot be handled as a {kind}: json: cannot unmarshal {Describe(value)} into Go struct field {kind}Spec.spec.replicas of type int32");
        }

        return replicas >= 0
            ? replicas
            : throw KubeErrors.Invalid(kind, group, name, "spec.replicas", "FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0");
    }

    /// <summary>Throws the apiserver's 422 when a change touches an immutable field; the lab also refuses template changes (it does not roll pods).</summary>
    public static void CheckUpdate(JsonObject current, JsonObject desired, string name)
    {
        if (!JsonNode.DeepEquals(Without(current, Mutable), Without(desired, Mutable)))
        {
            throw KubeErrors.Invalid("StatefulSet", "apps", name, "spec", "FieldValueForbidden",
                "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
        }

        if (!JsonNode.DeepEquals(current["template"], desired["template"]))
        {
            throw KubeErrors.Invalid("StatefulSet", "apps", name, "spec.template", "FieldValueForbidden",
                "Forbidden: the lab does not emulate rolling updates; only replicas, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds can change");
        }
    }

    private static JsonObject Without(JsonObject spec, string[] keys)
    {
        var copy = spec.DeepClone().AsObject();
        foreach (var key in keys)
        {
            copy.Remove(key);
        }

        return copy;
    }

    private static string Describe(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "number " + value.ToJsonString(),
    };
}
