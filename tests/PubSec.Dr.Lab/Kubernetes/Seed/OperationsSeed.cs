using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The rest of the application's configuration, one of each kind a configuration backup must carry: the API's
/// ServiceAccount <c>pubsec-api</c> with a Role and RoleBinding, the Ingress <c>api</c> for the public host, an
/// autoscaler for Deployment <c>api</c>, and the CronJob <c>qdrant-backup</c> (stored only: nothing runs it).
/// </summary>
internal static class OperationsSeed
{
    public const string PublicHost = "pubsec-info-assistant.com";

    public static IEnumerable<(ResourceType Type, JsonObject Object)> Objects(SeedSettings settings)
    {
        yield return (ResourceTypes.ServiceAccounts, new JsonObject { ["metadata"] = Metadata("pubsec-api", "api") });
        yield return (ResourceTypes.Roles, new JsonObject
        {
            ["metadata"] = Metadata("pubsec-api", "api"),
            ["rules"] = new JsonArray(
                new JsonObject
                {
                    ["apiGroups"] = new JsonArray(""),
                    ["resources"] = new JsonArray("configmaps", "secrets"),
                    ["verbs"] = new JsonArray("get", "list", "watch"),
                }),
        });
        yield return (ResourceTypes.RoleBindings, new JsonObject
        {
            ["metadata"] = Metadata("pubsec-api", "api"),
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = "pubsec-api" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "pubsec-api", ["namespace"] = ClusterLayout.Namespace }),
        });
        yield return (ResourceTypes.Ingresses, new JsonObject
        {
            ["metadata"] = Metadata("api", "api"),
            ["spec"] = new JsonObject
            {
                ["ingressClassName"] = "nginx",
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["host"] = PublicHost,
                    ["http"] = new JsonObject
                    {
                        ["paths"] = new JsonArray(new JsonObject
                        {
                            ["path"] = "/",
                            ["pathType"] = "Prefix",
                            ["backend"] = new JsonObject { ["service"] = new JsonObject { ["name"] = "api", ["port"] = new JsonObject { ["number"] = 80 } } },
                        }),
                    },
                }),
            },
            ["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = "20.48.200.17" }) } },
        });
        yield return (ResourceTypes.HorizontalPodAutoscalers, new JsonObject
        {
            ["metadata"] = Metadata("api", "api"),
            ["spec"] = new JsonObject
            {
                ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "api" },
                ["minReplicas"] = 2,
                ["maxReplicas"] = 6,
                ["metrics"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject { ["name"] = "cpu", ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 70 } },
                }),
            },
            ["status"] = new JsonObject { ["currentReplicas"] = 2, ["desiredReplicas"] = 2 },
        });
        yield return (ResourceTypes.CronJobs, new JsonObject
        {
            ["metadata"] = Metadata("qdrant-backup", "qdrant"),
            ["spec"] = new JsonObject
            {
                ["schedule"] = "0 */6 * * *",
                ["concurrencyPolicy"] = "Forbid",
                ["suspend"] = false,
                ["successfulJobsHistoryLimit"] = 3,
                ["failedJobsHistoryLimit"] = 1,
                ["jobTemplate"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["backoffLimit"] = 2,
                        ["template"] = new JsonObject
                        {
                            ["spec"] = new JsonObject
                            {
                                ["restartPolicy"] = "OnFailure",
                                ["serviceAccountName"] = "pubsec-api",
                                ["containers"] = new JsonArray(new JsonObject
                                {
                                    ["name"] = "backup",
                                    ["image"] = "mcr.microsoft.com/powershell:7.4-ubuntu-22.04",
                                    ["command"] = new JsonArray("pwsh", "-NoProfile", "-Command", "Import-Module PubSecDr; New-QdrantBackup -Region primary"),
                                }),
                            },
                        },
                    },
                },
            },
            ["status"] = new JsonObject(),
        });
    }

    private static JsonObject Metadata(string name, string app) => new()
    {
        ["name"] = name,
        ["namespace"] = ClusterLayout.Namespace,
        ["labels"] = ApplicationSeed.Labels(app),
    };
}
