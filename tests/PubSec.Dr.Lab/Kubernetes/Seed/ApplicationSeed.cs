using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The application's configuration objects in <c>pubsec-info-assistant</c>: Services (qdrant, the headless
/// qdrant-headless with clusterIP None, redis, api), ConfigMaps and Secrets with base64 data — what a
/// configuration backup (<c>get all,cm,secrets,pvc</c>) must carry.
/// </summary>
internal static class ApplicationSeed
{
    public static IEnumerable<(ResourceType Type, JsonObject Object)> Objects(SeedSettings settings)
    {
        yield return (ResourceTypes.Services, Service("qdrant", "10.0.118.42", Labels("qdrant"), ("http", 6333), ("grpc", 6334)));
        var headless = Service(ClusterLayout.HeadlessService, "None", Labels("qdrant"), ("http", 6333), ("grpc", 6334), ("p2p", 6335));
        headless["spec"]!["publishNotReadyAddresses"] = true;
        yield return (ResourceTypes.Services, headless);
        yield return (ResourceTypes.Services, Service("redis", "10.0.77.15", Labels("redis"), ("redis", 6379)));
        yield return (ResourceTypes.Services, Service("api", "10.0.201.9", Labels("api"), ("http", 80)));

        yield return (ResourceTypes.ConfigMaps, ConfigMap("qdrant-config", Labels("qdrant"), new()
        {
            ["production.yaml"] = "cluster:\n  enabled: true\n  p2p:\n    port: 6335\n  consensus:\n    tick_period_ms: 100\nstorage:\n  storage_path: /qdrant/storage\n  snapshots_path: /qdrant/snapshots\n",
            ["initialize.sh"] = "#!/bin/sh\nSET_INDEX=${HOSTNAME##*-}\nif [ \"$SET_INDEX\" = \"0\" ]; then\n  exec ./entrypoint.sh --uri \"http://qdrant-0.qdrant-headless:6335\"\nelse\n  exec ./entrypoint.sh --bootstrap \"http://qdrant-0.qdrant-headless:6335\" --uri \"http://qdrant-${SET_INDEX}.qdrant-headless:6335\"\nfi\n",
        }));
        yield return (ResourceTypes.ConfigMaps, ConfigMap("api-config", Labels("api"), new()
        {
            ["QDRANT_URL"] = "http://qdrant:6333",
            ["REDIS_URL"] = "redis://redis:6379/0",
            ["LOG_LEVEL"] = "info",
        }));

        yield return (ResourceTypes.Secrets, Secret("pubsec-secrets", Labels("api"), new()
        {
            ["openai-api-key"] = "lab-openai-key-not-real",
            ["redis-password"] = "lab-redis-password",
            ["jwt-signing-key"] = "lab-jwt-signing-key",
        }));
        yield return (ResourceTypes.Secrets, Secret("qdrant-apikey", Labels("qdrant"), new() { ["api-key"] = settings.QdrantApiKey ?? "" }));
        yield return (ResourceTypes.Secrets, ApiKeys());
    }

    /// <summary>The Secret the application stub takes its client API keys from (<see cref="Application.ApiKeyGate"/>).</summary>
    public const string ApiKeysSecret = "app-api-keys";

    /// <summary>
    /// One client key, random per lab (a lab credential, never a real one): the SecurityBreach drill copies this Secret
    /// with new values and proves the app follows a rotation, without ever touching it.
    /// </summary>
    public static JsonObject ApiKeys()
    {
        var labels = Labels("api");
        labels[Application.ApiKeyGate.Label] = "true";
        return Secret(ApiKeysSecret, labels, new() { ["client-key"] = "lab-api-key-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant() });
    }

    public static JsonObject Labels(string app) => new()
    {
        ["app"] = app,
        ["app.kubernetes.io/name"] = app,
        ["app.kubernetes.io/part-of"] = "pubsec-info-assistant",
    };

    private static JsonObject Service(string name, string clusterIp, JsonObject labels, params (string Name, int Port)[] ports) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ClusterLayout.Namespace, ["labels"] = labels },
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = clusterIp,
            ["clusterIPs"] = new JsonArray(clusterIp),
            ["ipFamilies"] = new JsonArray("IPv4"),
            ["ipFamilyPolicy"] = "SingleStack",
            ["internalTrafficPolicy"] = "Cluster",
            ["sessionAffinity"] = "None",
            ["selector"] = new JsonObject { ["app"] = labels["app"]!.GetValue<string>() },
            ["ports"] = new JsonArray(ports.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["protocol"] = "TCP",
                ["port"] = p.Port,
                ["targetPort"] = p.Port,
            }).ToArray()),
        },
        ["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() },
    };

    private static JsonObject ConfigMap(string name, JsonObject labels, Dictionary<string, string> data) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ClusterLayout.Namespace, ["labels"] = labels },
        ["data"] = new JsonObject(data.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value))),
    };

    private static JsonObject Secret(string name, JsonObject labels, Dictionary<string, string> data) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ClusterLayout.Namespace, ["labels"] = labels },
        ["type"] = "Opaque",
        ["data"] = new JsonObject(data.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Convert.ToBase64String(Encoding.UTF8.GetBytes(p.Value))))),
    };
}
