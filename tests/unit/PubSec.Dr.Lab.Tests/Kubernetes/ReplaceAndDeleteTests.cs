using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>PUT, PATCH and DELETE of the configuration kinds, namespace deletion and garbage collection of dependents.</summary>
[Collection(WritableKubeLab.Name)]
public sealed class ReplaceAndDeleteTests(WritableKubeLab fixture)
{
    private KubeLab Lab => fixture.Lab;

    [Fact]
    public async Task A_replace_with_a_stale_resource_version_is_a_409_conflict_and_without_one_it_is_unconditional()
    {
        var ns = await fixture.NamespaceAsync("put");
        var (_, created) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"cfg"},"data":{"v":"1"}}""");
        var uid = created["metadata"]!["uid"]!.GetValue<string>();
        await Lab.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/cfg", """{"metadata":{"name":"cfg"},"data":{"v":"2"}}""");

        var stale = $$$"""{"metadata":{"name":"cfg","resourceVersion":"{{{created["metadata"]!["resourceVersion"]}}}"},"data":{"v":"3"}}""";
        var (conflict, error) = await Lab.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/cfg", stale);

        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"Operation cannot be fulfilled on configmaps \"cfg\": the object has been modified; please apply your changes to the latest version and try again",
             "reason":"Conflict","details":{"name":"cfg","kind":"configmaps"},"code":409}
            """), error), error.ToJsonString());
        var (_, current) = await Lab.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/cfg");
        Assert.Equal(("2", uid), (current["data"]!["v"]!.GetValue<string>(), current["metadata"]!["uid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_strategic_merge_patch_merges_containers_by_name_as_kubectl_apply_expects()
    {
        var ns = await fixture.NamespaceAsync("smp");
        await Lab.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Deployment("web", 1));

        var (status, patched) = await Lab.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=kubectl-client-side-apply",
            """{"spec":{"replicas":2,"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"nginx:1.28","name":"web"}]}}}}""",
            "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, status);
        var container = patched["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(("nginx:1.28", 8080), (container["image"]!.GetValue<string>(), container["ports"]![0]!["containerPort"]!.GetValue<int>()));
        Assert.Null(patched["spec"]!["template"]!["spec"]!["$setElementOrder/containers"]);
        Assert.Equal((2, 2), (patched["spec"]!["replicas"]!.GetValue<int>(), patched["metadata"]!["generation"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Deleting_an_object_answers_a_success_status_and_then_it_is_gone()
    {
        var ns = await fixture.NamespaceAsync("del");
        await Lab.SendAsync(HttpMethod.Post, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles", """{"metadata":{"name":"reader"},"rules":[]}""");

        var (status, body) = await Lab.SendAsync(HttpMethod.Delete, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles/reader");
        var (again, error) = await Lab.SendAsync(HttpMethod.Delete, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles/reader");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Status", "Success", "reader", "rbac.authorization.k8s.io", "roles"), (body["kind"]!.GetValue<string>(), body["status"]!.GetValue<string>(),
            body["details"]!["name"]!.GetValue<string>(), body["details"]!["group"]!.GetValue<string>(), body["details"]!["kind"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Equal("roles.rbac.authorization.k8s.io \"reader\" not found", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_namespace_shows_it_terminating_then_removes_it_with_everything_in_it()
    {
        var ns = await fixture.NamespaceAsync("gone");
        await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"cfg"}}""");
        await Lab.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Deployment("web", 1));

        var (status, terminating) = await Lab.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Terminating", terminating["status"]!["phase"]!.GetValue<string>());
        var (refused, _) = await Lab.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"late"}}""");
        Assert.True(refused is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, refused.ToString());
        await Poll.UntilAsync(async () => (await Lab.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}")).Status, s => s == HttpStatusCode.NotFound, "the namespace to go");
        Assert.Empty((await Lab.Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items);
        Assert.Empty((await Lab.Client.CoreV1.ListNamespacedPodAsync(ns)).Items);
        Assert.Empty((await Lab.Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);
    }

    [Fact]
    public async Task The_default_namespace_may_not_be_deleted()
    {
        var (status, error) = await Lab.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("namespace default is forbidden: this namespace may not be deleted", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deployment_in_any_namespace_gets_ready_pods_and_deleting_it_removes_its_replicasets_and_pods()
    {
        var ns = await fixture.NamespaceAsync("deploy");

        var created = await Lab.Client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesJson.Deserialize<V1Deployment>(Deployment("web", 2)), ns);

        Assert.Equal(1, created.Metadata.Generation);
        var ready = await Poll.UntilAsync(() => Lab.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns),
            d => d.Status?.ReadyReplicas == 2 && d.Status.ObservedGeneration == d.Metadata.Generation, "web 2/2 ready");
        Assert.Equal(2, ready.Status.AvailableReplicas);
        var pods = (await Lab.Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app=web")).Items;
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal("Running", p.Status.Phase));
        var replicaSet = Assert.Single((await Lab.Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);
        Assert.StartsWith("web-", replicaSet.Metadata.Name, StringComparison.Ordinal);

        await Lab.Client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns);

        await Poll.UntilAsync(() => Lab.Client.CoreV1.ListNamespacedPodAsync(ns), l => l.Items.Count == 0, "the pods to be collected");
        Assert.Empty((await Lab.Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);
    }

    [Fact]
    public async Task A_statefulset_other_than_qdrant_gets_ready_pods_and_claims_without_touching_the_qdrant_nodes()
    {
        var ns = await fixture.NamespaceAsync("sts");
        var qdrantBefore = (await Lab.QdrantPodsAsync()).Select(p => p.Metadata.Uid).ToList();

        var (status, _) = await Lab.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/statefulsets", """
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"cache"},
             "spec":{"replicas":2,"serviceName":"cache","selector":{"matchLabels":{"app":"cache"}},
                     "template":{"metadata":{"labels":{"app":"cache"}},"spec":{"containers":[{"name":"cache","image":"redis:7"}]}},
                     "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
            """);

        Assert.Equal(HttpStatusCode.Created, status);
        var set = await Poll.UntilAsync(() => Lab.Client.AppsV1.ReadNamespacedStatefulSetAsync("cache", ns), s => s.Status?.ReadyReplicas == 2, "cache 2/2 ready");
        Assert.Equal(2, set.Status.Replicas);
        Assert.Equal(["cache-0", "cache-1"], (await Lab.Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["data-cache-0", "data-cache-1"], (await Lab.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal(qdrantBefore, (await Lab.QdrantPodsAsync()).Select(p => p.Metadata.Uid).ToList());
    }

    private static string Deployment(string name, int replicas) => $$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{name}}}","labels":{"app":"{{{name}}}"}},
         "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"{{{name}}}"}},
                 "template":{"metadata":{"labels":{"app":"{{{name}}}"}},"spec":{"containers":[{"name":"{{{name}}}","image":"nginx:1.27","ports":[{"containerPort":8080}]}]} } } }
        """;
}
