using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The workloads: Deployments <c>api</c>, <c>worker</c> and <c>redis</c> (each with its ReplicaSet and Ready pods)
/// and the StatefulSet <c>qdrant</c> as Helm would install it, with its pods Running and Ready and its claims
/// Bound — the lab's Qdrant nodes are already up when the emulated cluster is first created.
/// </summary>
internal static class WorkloadSeed
{
    public static IEnumerable<(ResourceType Type, JsonObject Object)> Objects(SeedSettings settings)
    {
        foreach (var (name, replicas, image, port) in new[] { ("api", 2, "pubsecacr.azurecr.io/info-assistant/api:2.4.1", 8000), ("worker", 1, "pubsecacr.azurecr.io/info-assistant/worker:2.4.1", 0), ("redis", 1, "docker.io/library/redis:7.4.2", 6379) })
        {
            foreach (var item in Deployment(name, replicas, image, port))
            {
                yield return item;
            }
        }

        var set = QdrantStatefulSet.Create(settings);
        yield return (ResourceTypes.StatefulSets, set);
        for (var ordinal = 0; ordinal < settings.Replicas; ordinal++)
        {
            var claim = StatefulSetPods.NewClaim(set, ClusterLayout.StorageClaimTemplate, ordinal, Guid.NewGuid().ToString());
            yield return (ResourceTypes.PersistentVolumeClaims, claim);
            yield return (ResourceTypes.PersistentVolumes, StatefulSetPods.NewVolume(claim));
            var pod = StatefulSetPods.NewPod(set, ordinal);
            PodPhases.Started(pod, ClusterLayout.PodIp(ClusterLayout.NodeOf(ordinal)));
            PodPhases.SetReady(pod, true);
            yield return (ResourceTypes.Pods, pod);
        }
    }

    private static IEnumerable<(ResourceType, JsonObject)> Deployment(string name, int replicas, string image, int port)
    {
        var labels = ApplicationSeed.Labels(name);
        var container = new JsonObject
        {
            ["name"] = name,
            ["image"] = image,
            ["imagePullPolicy"] = "IfNotPresent",
            ["envFrom"] = name == "redis" ? null : new JsonArray(
                new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = "api-config" } },
                new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "pubsec-secrets" } }),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "512Mi" } },
            ["terminationMessagePath"] = "/dev/termination-log",
            ["terminationMessagePolicy"] = "File",
        };
        if (port > 0)
        {
            container["ports"] = new JsonArray(new JsonObject { ["containerPort"] = port, ["protocol"] = "TCP" });
        }

        if (container["envFrom"] is null)
        {
            container.Remove("envFrom");
        }

        var template = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(container),
                ["restartPolicy"] = "Always",
                ["terminationGracePeriodSeconds"] = 30,
                ["dnsPolicy"] = "ClusterFirst",
                ["schedulerName"] = "default-scheduler",
                ["securityContext"] = new JsonObject(),
            },
        };
        var hash = KubeNames.Hash(template.ToJsonString(), 10);
        var deploymentUid = Guid.NewGuid().ToString();
        var deployment = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ClusterLayout.Namespace,
                ["uid"] = deploymentUid,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = "1" },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = template.DeepClone(),
                ["strategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" } },
                ["revisionHistoryLimit"] = 10,
                ["progressDeadlineSeconds"] = 600,
            },
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = 1,
                ["replicas"] = replicas,
                ["updatedReplicas"] = replicas,
                ["readyReplicas"] = replicas,
                ["availableReplicas"] = replicas,
                ["conditions"] = new JsonArray(
                    DeploymentCondition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability."),
                    DeploymentCondition("Progressing", "NewReplicaSetAvailable", $"ReplicaSet \"{name}-{hash}\" has successfully progressed.")),
            },
        };
        yield return (ResourceTypes.Deployments, deployment);

        var podLabels = labels.DeepClone().AsObject();
        podLabels["pod-template-hash"] = hash;
        var replicaSetTemplate = template.DeepClone().AsObject();
        replicaSetTemplate["metadata"]!["labels"] = podLabels.DeepClone();
        var replicaSet = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{name}-{hash}",
                ["namespace"] = ClusterLayout.Namespace,
                ["uid"] = Guid.NewGuid().ToString(),
                ["labels"] = podLabels.DeepClone(),
                ["annotations"] = new JsonObject
                {
                    ["deployment.kubernetes.io/desired-replicas"] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/max-replicas"] = (replicas + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["deployment.kubernetes.io/revision"] = "1",
                },
                ["ownerReferences"] = new JsonArray(StatefulSetPods.OwnerReference(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "Deployment",
                    ["metadata"] = new JsonObject { ["name"] = name, ["uid"] = deploymentUid },
                })),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name, ["pod-template-hash"] = hash } },
                ["template"] = replicaSetTemplate,
            },
            ["status"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["fullyLabeledReplicas"] = replicas,
                ["readyReplicas"] = replicas,
                ["availableReplicas"] = replicas,
                ["observedGeneration"] = 1,
            },
        };
        yield return (ResourceTypes.ReplicaSets, replicaSet);
        for (var i = 0; i < replicas; i++)
        {
            var node = (i + name.Length) % ClusterLayout.NodeCount;
            var pod = DeploymentPods.NewPod(replicaSet, node);
            PodPhases.Started(pod, ClusterLayout.PodIp(node));
            PodPhases.SetReady(pod, true);
            yield return (ResourceTypes.Pods, pod);
        }
    }

    private static JsonObject DeploymentCondition(string type, string reason, string message)
    {
        var now = KubeTime.Now();
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastUpdateTime"] = now,
            ["lastTransitionTime"] = now,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
