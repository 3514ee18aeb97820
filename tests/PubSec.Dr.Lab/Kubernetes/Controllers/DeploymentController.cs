using System.Globalization;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The Deployment controller, in every namespace: the ReplicaSet whose template is the Deployment's (its
/// <c>pod-template-hash</c> label aside) gets <c>spec.replicas</c>, or a new one <c>{deployment}-{hash}</c> is made;
/// older ReplicaSets are scaled to 0 (a template change replaces every pod at once, no surge), and status follows
/// the pods.
/// </summary>
internal sealed class DeploymentController(KubeStore store, ReplicaSetController replicaSets)
{
    public void Reconcile()
    {
        foreach (var deployment in store.List(ResourceTypes.Deployments, null).Items)
        {
            if (deployment["spec"]?["template"] is not JsonObject template)
            {
                continue;
            }

            var owned = store.List(ResourceTypes.ReplicaSets, deployment.Namespace()).Items.Where(rs => ReplicaSetController.IsOwnedBy(rs, deployment)).ToList();
            var current = owned.FirstOrDefault(rs => JsonNode.DeepEquals(WithoutHash(rs["spec"]?["template"]), WithoutHash(template)));
            var replicas = deployment["spec"]?["replicas"].AsInt() ?? 1;
            if (current is null)
            {
                current = store.Create(ResourceTypes.ReplicaSets, NewReplicaSet(deployment, template, replicas, owned.Count + 1));
            }

            foreach (var rs in owned.Append(current))
            {
                var wanted = rs.Uid() == current.Uid() ? replicas : 0;
                store.TryUpdate(ResourceTypes.ReplicaSets, rs.Namespace(), rs.Name(), r =>
                {
                    if (r["spec"]?["replicas"].AsInt() == wanted)
                    {
                        return StoreChange.None;
                    }

                    r.Child("spec")["replicas"] = wanted;
                    return StoreChange.Spec;
                });
            }

            UpdateStatus(deployment, current, owned);
        }
    }

    private void UpdateStatus(JsonObject deployment, JsonObject current, List<JsonObject> owned)
    {
        var pods = owned.Append(current).DistinctBy(rs => rs.Uid()).SelectMany(replicaSets.Owned).Where(p => !p.IsTerminating()).ToList();
        var updated = replicaSets.Owned(current).Count(p => !p.IsTerminating());
        var ready = pods.Count(PodPhases.IsReady);
        var replicas = deployment["spec"]?["replicas"].AsInt() ?? 1;
        store.TryUpdate(ResourceTypes.Deployments, deployment.Namespace(), deployment.Name(), d =>
        {
            var old = d["status"] as JsonObject;
            var available = ready >= replicas;
            var status = new JsonObject
            {
                ["observedGeneration"] = d.Generation(),
                ["replicas"] = pods.Count,
                ["updatedReplicas"] = updated,
                ["readyReplicas"] = ready,
                ["availableReplicas"] = ready,
                ["conditions"] = new JsonArray(
                    Condition(old, "Available", available ? "True" : "False", available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                        available ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
                    Condition(old, "Progressing", "True", available ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                        available ? $"ReplicaSet \"{current.Name()}\" has successfully progressed." : $"ReplicaSet \"{current.Name()}\" is progressing.")),
            };
            if (ready < pods.Count)
            {
                status["unavailableReplicas"] = pods.Count - ready;
            }

            if (JsonNode.DeepEquals(Comparable(old), Comparable(status)))
            {
                return StoreChange.None;
            }

            d["status"] = status;
            return StoreChange.MetadataOrStatus;
        });
    }

    private static JsonObject NewReplicaSet(JsonObject deployment, JsonObject template, int replicas, int revision)
    {
        var hash = KubeNames.Hash(template.ToJsonString(), 10);
        var podTemplate = template.DeepClone().AsObject();
        var labels = podTemplate.Child("metadata").Child("labels");
        labels["pod-template-hash"] = hash;
        var selector = deployment["spec"]?["selector"]?.DeepClone().AsObject() ?? new JsonObject { ["matchLabels"] = new JsonObject() };
        selector.Child("matchLabels")["pod-template-hash"] = hash;
        var text = (int n) => n.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment.Name()}-{hash}",
                ["namespace"] = deployment.Namespace(),
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject
                {
                    ["deployment.kubernetes.io/desired-replicas"] = text(replicas),
                    ["deployment.kubernetes.io/max-replicas"] = text(replicas + 1),
                    ["deployment.kubernetes.io/revision"] = text(revision),
                },
                ["ownerReferences"] = new JsonArray(StatefulSetPods.OwnerReference(deployment)),
            },
            ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = podTemplate },
            ["status"] = new JsonObject { ["replicas"] = 0 },
        };
    }

    private static JsonNode? WithoutHash(JsonNode? template)
    {
        if (template?.DeepClone() is not JsonObject copy)
        {
            return null;
        }

        copy.Child("metadata").Child("labels").Remove("pod-template-hash");
        return copy;
    }

    private static JsonObject Condition(JsonObject? old, string type, string status, string reason, string message)
    {
        var previous = (old?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);
        var same = previous?["status"]?.GetValue<string>() == status && previous?["reason"]?.GetValue<string>() == reason;
        var now = KubeTime.Now();
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastUpdateTime"] = same ? previous!["lastUpdateTime"]?.DeepClone() : now,
            ["lastTransitionTime"] = previous?["status"]?.GetValue<string>() == status ? previous!["lastTransitionTime"]?.DeepClone() : now,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    /// <summary>The status without timestamps, so an unchanged status is not written again.</summary>
    private static JsonNode? Comparable(JsonObject? status)
    {
        var copy = status?.DeepClone().AsObject();
        foreach (var condition in (copy?["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            condition.Remove("lastUpdateTime");
            condition.Remove("lastTransitionTime");
        }

        return copy;
    }
}
