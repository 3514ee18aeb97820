using System.Net;
using System.Text.Json.Nodes;
using k8s;
using PubSec.Dr.Lab.Hosting;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>The kinds a configuration backup carries: discovery, the seeded objects, their kubectl columns.</summary>
[Collection(SharedKubeLab.Name)]
public sealed class ConfigurationKindTests(SharedKubeLab shared)
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private KubeLab Lab => shared.Lab;

    [Fact]
    public async Task Apis_lists_every_served_group_with_its_version()
    {
        var (_, apis) = await Lab.SendAsync(HttpMethod.Get, "/apis");

        Assert.Equal(["apps/v1", "batch/v1", "rbac.authorization.k8s.io/v1", "networking.k8s.io/v1", "autoscaling/v2"],
            apis["groups"]!.AsArray().Select(g => g!["preferredVersion"]!["groupVersion"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/apis/batch/v1", "cronjobs", "cj", true)]
    [InlineData("/apis/batch/v1", "jobs", null, true)]
    [InlineData("/apis/apps/v1", "daemonsets", "ds", true)]
    [InlineData("/apis/autoscaling/v2", "horizontalpodautoscalers", "hpa", true)]
    [InlineData("/apis/networking.k8s.io/v1", "ingresses", "ing", false)]
    [InlineData("/apis/rbac.authorization.k8s.io/v1", "rolebindings", null, false)]
    [InlineData("/api/v1", "serviceaccounts", "sa", false)]
    public async Task Discovery_carries_short_names_the_all_category_and_the_write_verbs(string path, string resource, string? shortName, bool inAll)
    {
        var (_, list) = await Lab.SendAsync(HttpMethod.Get, path);

        var entry = list["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == resource)!;
        Assert.Equal(shortName, entry["shortNames"]?[0]?.GetValue<string>());
        Assert.Equal(inAll, entry["categories"]?.AsArray().Any(c => c!.GetValue<string>() == "all") ?? false);
        Assert.Equal(["create", "delete", "get", "list", "patch", "update", "watch"], entry["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task The_primary_namespace_holds_one_object_of_each_configuration_kind()
    {
        var ns = KubeLab.Namespace;
        Assert.NotNull(await Lab.Client.CoreV1.ReadNamespacedServiceAccountAsync("pubsec-api", ns));
        Assert.Equal("pubsec-api", (await Lab.Client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("pubsec-api", ns)).Subjects.Single().Name);
        Assert.NotEmpty((await Lab.Client.RbacAuthorizationV1.ReadNamespacedRoleAsync("pubsec-api", ns)).Rules);
        var ingress = await Lab.Client.NetworkingV1.ReadNamespacedIngressAsync("api", ns);
        Assert.Equal(("pubsec-info-assistant.com", "api"), (ingress.Spec.Rules.Single().Host, ingress.Spec.Rules.Single().Http.Paths.Single().Backend.Service.Name));
        var hpa = await Lab.Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("api", ns);
        Assert.Equal(("Deployment", "api"), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal("0 */6 * * *", (await Lab.Client.BatchV1.ReadNamespacedCronJobAsync("qdrant-backup", ns)).Spec.Schedule);
        Assert.Empty((await Lab.Client.BatchV1.ListNamespacedJobAsync(ns)).Items);
    }

    [Theory]
    [InlineData("/apis/autoscaling/v2/namespaces/pubsec-info-assistant/horizontalpodautoscalers", "Name,Reference,Targets,MinPods,MaxPods,Replicas,Age", "api,Deployment/api,cpu: <unknown>/70%,2,6,2")]
    [InlineData("/apis/batch/v1/namespaces/pubsec-info-assistant/cronjobs", "Name,Schedule,Timezone,Suspend,Active,Last Schedule,Age", "qdrant-backup,0 */6 * * *,<none>,False,0,<none>")]
    [InlineData("/apis/networking.k8s.io/v1/namespaces/pubsec-info-assistant/ingresses", "Name,Class,Hosts,Address,Ports,Age", "api,nginx,pubsec-info-assistant.com,20.48.200.17,80")]
    [InlineData("/apis/rbac.authorization.k8s.io/v1/namespaces/pubsec-info-assistant/rolebindings", "Name,Role,Age", "pubsec-api,Role/pubsec-api")]
    public async Task Kubectl_get_shows_the_apiservers_columns(string path, string columns, string cells)
    {
        var (_, table) = await Lab.SendAsync(HttpMethod.Get, path, accept: TableAccept);

        Assert.Equal(columns, string.Join(",", table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())));
        var row = Assert.Single(table["rows"]!.AsArray())!["cells"]!.AsArray();
        Assert.Equal(cells, string.Join(",", row.Take(cells.Split(',').Length).Select(c => c!.ToString())));
    }

    [Fact]
    public async Task The_admin_api_turns_a_node_not_ready_with_the_unreachable_taint_and_back()
    {
        using var admin = new HttpClient { BaseAddress = Lab.AdminUri };
        try
        {
            using var down = await admin.PostAsync("/lab/kubernetes/nodes/lab-node-1/notready", null);
            Assert.Equal(HttpStatusCode.OK, down.StatusCode);

            var node = await Lab.Client.CoreV1.ReadNodeAsync("lab-node-1");
            var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
            Assert.Equal(("Unknown", "NodeStatusUnknown"), (ready.Status, ready.Reason));
            Assert.Equal(["NoSchedule", "NoExecute"], node.Spec.Taints.Where(t => t.Key == "node.kubernetes.io/unreachable").Select(t => t.Effect));
            var (_, table) = await Lab.SendAsync(HttpMethod.Get, "/api/v1/nodes/lab-node-1", accept: TableAccept);
            Assert.Equal("NotReady", table["rows"]![0]!["cells"]![1]!.GetValue<string>());

            using var missing = await admin.PostAsync("/lab/kubernetes/nodes/lab-node-9/notready", null);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        finally
        {
            using var up = await admin.PostAsync("/lab/kubernetes/nodes/lab-node-1/ready", null);
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        }

        var back = await Lab.Client.CoreV1.ReadNodeAsync("lab-node-1");
        Assert.Equal("True", back.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Null(back.Spec.Taints);
    }
}

/// <summary><c>--kube-context</c>: the kubeconfig's names follow it, and endpoints.json reports it.</summary>
public sealed class KubeContextTests
{
    [Fact]
    public async Task The_kube_context_argument_names_cluster_users_and_contexts()
    {
        Assert.Equal("secondary-region", LabArguments.Parse(["--data", "x", "--kube-context", "secondary-region"]).Kubernetes.ContextName);
        await using var lab = await KubeLab.StartAsync(contextName: "primary-region");

        var kubeconfig = await k8s.KubernetesClientConfiguration.LoadKubeConfigAsync(new FileInfo(lab.Endpoints["kubeconfig"]!.GetValue<string>()));

        Assert.Equal("primary-region", lab.Endpoints["context"]!.GetValue<string>());
        Assert.Equal(["primary-region", "primary-region-certificate"], kubeconfig.Contexts.Select(c => c.Name));
        Assert.Equal("primary-region", kubeconfig.CurrentContext);
        Assert.Equal(["primary-region"], kubeconfig.Clusters.Select(c => c.Name));
        Assert.Equal(["primary-region-admin", "primary-region-admin-certificate"], kubeconfig.Users.Select(u => u.Name));
        var viaCertificate = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(lab.Endpoints["kubeconfig"]!.GetValue<string>(), "primary-region-certificate"));
        Assert.NotEmpty((await viaCertificate.CoreV1.ListNodeAsync()).Items);
    }
}
