using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>Applies a PATCH body of one of the four content types to an object's JSON.</summary>
internal static class Patches
{
    public static JsonObject Apply(JsonObject target, string patchType, JsonNode? patch)
    {
        switch (patchType)
        {
            case PatchTypes.Json:
                return JsonPatch.Apply(target, patch);
            case PatchTypes.Apply:
                // The client sends JSON, which is YAML; the lab does not parse other YAML.
                var applied = patch as JsonObject ?? throw KubeErrors.BadRequest("error decoding YAML: the lab accepts apply patches written as JSON objects");
                var apiVersion = applied["apiVersion"]?.GetValue<string>();
                var kind = applied["kind"]?.GetValue<string>();
                if ((apiVersion is not null && apiVersion != target["apiVersion"]?.GetValue<string>()) || (kind is not null && kind != target["kind"]?.GetValue<string>()))
                {
                    throw KubeErrors.BadRequest($"the API version in the data ({apiVersion}) and kind ({kind}) do not match the object being patched ({target["apiVersion"]} {target["kind"]})");
                }

                return Merge(target, applied);
            case PatchTypes.StrategicMerge:
                return StrategicMergePatch.Apply(target, patch as JsonObject ?? throw KubeErrors.BadRequest("json: cannot unmarshal array into Go value of type map[string]interface {}"))!.AsObject();
            default:
                return Merge(target, patch as JsonObject ?? throw KubeErrors.BadRequest("json: cannot unmarshal array into Go value of type map[string]interface {}"));
        }
    }

    private static JsonObject Merge(JsonObject target, JsonObject patch) => JsonMergePatch.Apply(target, patch)!.AsObject();
}
