using System.Text;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Tests.Kubernetes.Config;

/// <summary>Objects shaped like the application's: a Deployment, a headless and a normal Service, a ConfigMap, Secrets, a claim.</summary>
internal static class ConfigSamples
{
    public const string SecretValue = "s3cr3t-openai-key-value";

    public static JsonObject Deployment(int replicas = 2) => JsonNode.Parse($$"""
        { "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": { "name": "api", "labels": { "app": "api" }, "annotations": { "deployment.kubernetes.io/revision": "3", "team": "search" } },
          "spec": { "replicas": {{replicas}}, "selector": { "matchLabels": { "app": "api" } },
                    "template": { "metadata": { "labels": { "app": "api" } },
                                  "spec": { "containers": [ { "name": "api", "image": "pubsec/api:1.4.2", "ports": [ { "containerPort": 8080 } ] } ] } } },
          "status": { "replicas": 2, "readyReplicas": 2 } }
        """)!.AsObject();

    public static JsonObject Service(string name, string clusterIp) => JsonNode.Parse($$"""
        { "apiVersion": "v1", "kind": "Service",
          "metadata": { "name": "{{name}}", "labels": { "app": "qdrant" } },
          "spec": { "clusterIP": "{{clusterIp}}", "clusterIPs": [ "{{clusterIp}}" ], "selector": { "app": "qdrant" },
                    "ports": [ { "name": "http", "port": 6333, "targetPort": 6333, "protocol": "TCP" } ] },
          "status": { "loadBalancer": {} } }
        """)!.AsObject();

    public static JsonObject ConfigMap(string logLevel = "info") => JsonNode.Parse($$"""
        { "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "api-config" },
          "data": { "LOG_LEVEL": "{{logLevel}}", "QDRANT_URL": "http://qdrant:6333" } }
        """)!.AsObject();

    public static JsonObject Secret(string name = "pubsec-secrets", string type = "Opaque", string value = SecretValue) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["type"] = type,
        ["data"] = new JsonObject { ["openai-api-key"] = Base64(value) },
    };

    public static JsonObject Claim() => JsonNode.Parse("""
        { "apiVersion": "v1", "kind": "PersistentVolumeClaim",
          "metadata": { "name": "data", "finalizers": [ "kubernetes.io/pvc-protection" ],
                        "annotations": { "pv.kubernetes.io/bind-completed": "yes", "volume.kubernetes.io/selected-node": "node-1" } },
          "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "10Gi" } }, "volumeName": "pvc-123", "storageClassName": "managed-csi" },
          "status": { "phase": "Bound" } }
        """)!.AsObject();

    public static JsonObject Owned(JsonObject item, string ownerKind, string ownerName)
    {
        item["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = ownerKind, ["name"] = ownerName, ["controller"] = true, ["apiVersion"] = "apps/v1", ["uid"] = "u" });
        return item;
    }

    public static JsonObject Named(string kind, string apiVersion, string name) =>
        new() { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = name } };

    public static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
