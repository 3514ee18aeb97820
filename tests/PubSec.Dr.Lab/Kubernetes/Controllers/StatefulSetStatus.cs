using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// A StatefulSet's status as the controller writes it from its pods: one rule for the qdrant set and every other set,
/// written only when it changed (so an idle lab does not bump resourceVersions).
/// </summary>
internal static class StatefulSetStatus
{
    public static void Update(KubeStore store, JsonObject set, IReadOnlyCollection<JsonObject> pods)
    {
        var ready = pods.Count(PodPhases.IsReady);
        var live = pods.Count(p => !p.IsTerminating());
        store.TryUpdate(ResourceTypes.StatefulSets, set.Namespace(), set.Name(), s =>
        {
            var status = s.Child("status");
            var updated = new JsonObject
            {
                ["observedGeneration"] = s.Generation(),
                ["replicas"] = pods.Count,
                ["readyReplicas"] = ready,
                ["currentReplicas"] = live,
                ["updatedReplicas"] = live,
                ["currentRevision"] = status["currentRevision"]?.DeepClone(),
                ["updateRevision"] = status["updateRevision"]?.DeepClone(),
                ["collisionCount"] = 0,
                ["availableReplicas"] = ready,
            };
            if (JsonNode.DeepEquals(status, updated))
            {
                return StoreChange.None;
            }

            s["status"] = updated;
            return StoreChange.MetadataOrStatus;
        });
    }
}
