using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The <c>qdrant</c> StatefulSet as the Qdrant Helm chart shapes it: selector <c>app=qdrant</c>, headless service,
/// readiness probe on <c>/readyz</c>, volume claim template <c>qdrant-storage</c>, field ownership by <c>helm</c>.
/// </summary>
internal static class QdrantStatefulSet
{
    public static JsonObject Create(SeedSettings settings)
    {
        var labels = ApplicationSeed.Labels("qdrant");
        var template = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "qdrant",
                    ["image"] = settings.QdrantImage,
                    ["imagePullPolicy"] = "IfNotPresent",
                    ["command"] = new JsonArray("/bin/bash", "-c"),
                    ["args"] = new JsonArray("./config/initialize.sh"),
                    ["env"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "QDRANT__SERVICE__API_KEY",
                        ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "qdrant-apikey", ["key"] = "api-key" } },
                    }),
                    ["ports"] = new JsonArray(
                        new JsonObject { ["name"] = "http", ["containerPort"] = 6333, ["protocol"] = "TCP" },
                        new JsonObject { ["name"] = "grpc", ["containerPort"] = 6334, ["protocol"] = "TCP" },
                        new JsonObject { ["name"] = "p2p", ["containerPort"] = 6335, ["protocol"] = "TCP" }),
                    ["readinessProbe"] = new JsonObject
                    {
                        ["httpGet"] = new JsonObject { ["path"] = "/readyz", ["port"] = 6333, ["scheme"] = "HTTP" },
                        ["initialDelaySeconds"] = 5,
                        ["periodSeconds"] = 5,
                        ["timeoutSeconds"] = 1,
                        ["successThreshold"] = 1,
                        ["failureThreshold"] = 6,
                    },
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "1", ["memory"] = "4Gi" } },
                    ["volumeMounts"] = new JsonArray(
                        new JsonObject { ["name"] = ClusterLayout.StorageClaimTemplate, ["mountPath"] = "/qdrant/storage" },
                        new JsonObject { ["name"] = "qdrant-config", ["mountPath"] = "/qdrant/config/production.yaml", ["subPath"] = "production.yaml" },
                        new JsonObject { ["name"] = "qdrant-snapshots", ["mountPath"] = "/qdrant/snapshots" }),
                    ["terminationMessagePath"] = "/dev/termination-log",
                    ["terminationMessagePolicy"] = "File",
                }),
                ["volumes"] = new JsonArray(
                    new JsonObject { ["name"] = "qdrant-config", ["configMap"] = new JsonObject { ["name"] = "qdrant-config", ["defaultMode"] = 493 } },
                    new JsonObject { ["name"] = "qdrant-snapshots", ["emptyDir"] = new JsonObject() }),
                ["restartPolicy"] = "Always",
                ["terminationGracePeriodSeconds"] = 30,
                ["dnsPolicy"] = "ClusterFirst",
                ["schedulerName"] = "default-scheduler",
                ["securityContext"] = new JsonObject { ["fsGroup"] = 3000, ["fsGroupChangePolicy"] = "Always" },
            },
        };
        var revision = $"{ClusterLayout.StatefulSet}-{KubeNames.Hash(template.ToJsonString(), 10)}";
        var spec = new JsonObject
        {
            ["replicas"] = settings.Replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "qdrant" } },
            ["template"] = template,
            ["volumeClaimTemplates"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PersistentVolumeClaim",
                ["metadata"] = new JsonObject { ["name"] = ClusterLayout.StorageClaimTemplate, ["labels"] = new JsonObject { ["app"] = "qdrant" } },
                ["spec"] = new JsonObject
                {
                    ["accessModes"] = new JsonArray("ReadWriteOnce"),
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "10Gi" } },
                    ["storageClassName"] = ClusterLayout.StorageClass,
                    ["volumeMode"] = "Filesystem",
                },
                ["status"] = new JsonObject { ["phase"] = "Pending" },
            }),
            ["serviceName"] = ClusterLayout.HeadlessService,
            ["podManagementPolicy"] = settings.PodManagementPolicy,
        };
        StatefulSetSpec.Default(spec);
        var helmFields = new JsonObject
        {
            ["f:metadata"] = new JsonObject { ["f:labels"] = new JsonObject(labels.Select(p => new KeyValuePair<string, JsonNode?>($"f:{p.Key}", new JsonObject()))) },
            ["f:spec"] = new JsonObject(spec.Select(p => new KeyValuePair<string, JsonNode?>($"f:{p.Key}", new JsonObject()))),
        };
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = ClusterLayout.StatefulSet,
                ["namespace"] = ClusterLayout.Namespace,
                ["uid"] = Guid.NewGuid().ToString(),
                ["labels"] = labels,
                ["annotations"] = new JsonObject
                {
                    ["meta.helm.sh/release-name"] = "qdrant",
                    ["meta.helm.sh/release-namespace"] = ClusterLayout.Namespace,
                },
                ["managedFields"] = new JsonArray(
                    ManagedFields.Entry("helm", "Update", null, helmFields),
                    ManagedFields.Entry("kube-controller-manager", "Update", "status", new JsonObject
                    {
                        ["f:status"] = new JsonObject
                        {
                            ["f:availableReplicas"] = new JsonObject(), ["f:collisionCount"] = new JsonObject(), ["f:currentReplicas"] = new JsonObject(),
                            ["f:currentRevision"] = new JsonObject(), ["f:observedGeneration"] = new JsonObject(), ["f:readyReplicas"] = new JsonObject(),
                            ["f:replicas"] = new JsonObject(), ["f:updateRevision"] = new JsonObject(), ["f:updatedReplicas"] = new JsonObject(),
                        },
                    })),
            },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = 1,
                ["replicas"] = settings.Replicas,
                ["readyReplicas"] = settings.Replicas,
                ["currentReplicas"] = settings.Replicas,
                ["updatedReplicas"] = settings.Replicas,
                ["currentRevision"] = revision,
                ["updateRevision"] = revision,
                ["collisionCount"] = 0,
                ["availableReplicas"] = settings.Replicas,
            },
            ["apiVersion"] = "apps/v1",
            ["kind"] = "StatefulSet",
        };
    }
}
