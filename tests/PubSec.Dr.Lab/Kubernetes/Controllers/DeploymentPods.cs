using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>A ReplicaSet's pod (<c>{replicaset}-{random}</c>), Pending on its node: <see cref="PlainKubelet"/> runs it (no container behind it).</summary>
internal static class DeploymentPods
{
    public static JsonObject NewPod(JsonObject replicaSet, int node)
    {
        var template = replicaSet["spec"]!["template"]!.AsObject();
        var spec = template["spec"]!.DeepClone().AsObject();
        spec["nodeName"] = ClusterLayout.NodeName(node);
        spec["enableServiceLinks"] = true;
        spec["priority"] = 0;
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{replicaSet.Name()}-{KubeNames.Random(5)}",
                ["generateName"] = replicaSet.Name() + "-",
                ["namespace"] = replicaSet.Namespace(),
                ["labels"] = template["metadata"]!["labels"]!.DeepClone(),
                ["ownerReferences"] = new JsonArray(StatefulSetPods.OwnerReference(replicaSet)),
            },
            ["spec"] = spec,
        };
        PodPhases.Pending(pod, ClusterLayout.NodeIp(node));
        return pod;
    }
}
