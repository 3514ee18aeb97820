using System.Text.Json.Nodes;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// Whether a live object already is what a backup declares, and where not, which field paths differ. Only what the
/// backup declares is compared: fields the server defaulted or allocated (a container's terminationMessagePath, a
/// Service's clusterIP) are not differences. Metadata compares only labels and annotations. Paths, never values,
/// are reported, so a differing Secret key is named without its content.
/// </summary>
public static class ConfigObjectDiff
{
    public static IReadOnlyList<string> Differences(JsonObject desired, JsonObject live)
    {
        var paths = new List<string>();
        foreach (var (key, value) in desired)
        {
            switch (key)
            {
                case "apiVersion" or "kind" or "status":
                    continue;
                case "metadata":
                    foreach (var map in new[] { "labels", "annotations" })
                    {
                        Compare($"metadata.{map}", value?[map], live["metadata"]?[map], paths);
                    }

                    continue;
                default:
                    Compare(key, value, live[key], paths);
                    continue;
            }
        }

        return paths;
    }

    private static void Compare(string path, JsonNode? desired, JsonNode? live, List<string> paths)
    {
        switch (desired)
        {
            case null:
                return;
            case JsonObject map when live is JsonObject liveMap:
                foreach (var (key, value) in map)
                {
                    Compare($"{path}.{key}", value, liveMap[key], paths);
                }

                return;
            case JsonArray list when live is JsonArray liveList && list.Count == liveList.Count:
                for (var i = 0; i < list.Count; i++)
                {
                    Compare($"{path}[{i}]", list[i], liveList[i], paths);
                }

                return;
            case JsonObject or JsonArray:
                paths.Add(path);
                return;
            default:
                if (!ScalarEquals(desired, live))
                {
                    paths.Add(path);
                }

                return;
        }
    }

    // 8080 and "8080" differ for the API (an int-or-string port); numbers compare by value (1 and 1.0).
    private static bool ScalarEquals(JsonNode desired, JsonNode? live)
    {
        if (live is not JsonValue)
        {
            return false;
        }

        var a = desired.GetValueKind();
        var b = live.GetValueKind();
        if (a == System.Text.Json.JsonValueKind.Number && b == System.Text.Json.JsonValueKind.Number)
        {
            return desired.GetValue<decimal>() == live.GetValue<decimal>();
        }

        return a == b && JsonNode.DeepEquals(desired, live);
    }
}
