using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>Lists as the apiserver answers them: shapes, label and field selectors, paging; through the real client and raw HTTP.</summary>
[Collection(SharedKubeLab.Name)]
public sealed class ListTests(SharedKubeLab shared)
{
    private KubeLab Lab => shared.Lab;

    [Theory]
    [InlineData("/api/v1/namespaces/pubsec-info-assistant/pods?watch=false", "PodList", "v1")]
    [InlineData("/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets?watch=false", "StatefulSetList", "apps/v1")]
    [InlineData("/api/v1/nodes?watch=false", "NodeList", "v1")]
    [InlineData("/api/v1/namespaces/pubsec-info-assistant/persistentvolumeclaims?watch=false", "PersistentVolumeClaimList", "v1")]
    public async Task A_list_has_its_kind_and_a_resource_version_and_its_items_have_no_kind(string path, string kind, string apiVersion)
    {
        var (status, body) = await Lab.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(kind, body["kind"]!.GetValue<string>());
        Assert.Equal(apiVersion, body["apiVersion"]!.GetValue<string>());
        Assert.True(long.Parse(body["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        var items = body["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.All(items, item =>
        {
            Assert.False(item!.AsObject().ContainsKey("kind"), "list items carry no kind");
            Assert.False(item.AsObject().ContainsKey("apiVersion"), "list items carry no apiVersion");
            Assert.NotNull(item["metadata"]!["uid"]);
            Assert.NotNull(item["metadata"]!["creationTimestamp"]);
            Assert.NotNull(item["metadata"]!["generation"]);
            Assert.Matches("^[0-9]+$", item["metadata"]!["resourceVersion"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task A_single_read_carries_kind_and_api_version()
    {
        var (status, body) = await Lab.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("StatefulSet", body["kind"]!.GetValue<string>());
        Assert.Equal("apps/v1", body["apiVersion"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("app=qdrant", "qdrant-0,qdrant-1,qdrant-2")]
    [InlineData("app==qdrant", "qdrant-0,qdrant-1,qdrant-2")]
    [InlineData("app!=qdrant", "api,api,redis,worker")]
    [InlineData("app in (api, redis)", "api,api,redis")]
    [InlineData("app notin (qdrant,api)", "redis,worker")]
    [InlineData("statefulset.kubernetes.io/pod-name", "qdrant-0,qdrant-1,qdrant-2")]
    [InlineData("!statefulset.kubernetes.io/pod-name", "api,api,redis,worker")]
    [InlineData("app=qdrant,apps.kubernetes.io/pod-index in (0,2)", "qdrant-0,qdrant-2")]
    [InlineData("app=qdrant,statefulset.kubernetes.io/pod-name!=qdrant-1", "qdrant-0,qdrant-2")]
    [InlineData("app=nothing", "")]
    public async Task Label_selectors_filter_pods_as_the_apiserver_does(string selector, string expected)
    {
        var pods = await Lab.Client.CoreV1.ListNamespacedPodAsync(KubeLab.Namespace, labelSelector: selector);

        // Deployment pods have random suffixes: compare their app label instead of the name.
        var names = pods.Items.Select(p => p.Metadata.Labels.ContainsKey("statefulset.kubernetes.io/pod-name") ? p.Metadata.Name : p.Metadata.Labels["app"]).Order(StringComparer.Ordinal);
        Assert.Equal(expected, string.Join(',', names));
    }

    [Fact]
    public async Task A_malformed_label_selector_is_a_400_status()
    {
        var (status, body) = await Lab.SendAsync(HttpMethod.Get, "/api/v1/namespaces/pubsec-info-assistant/pods?labelSelector=app%20in%20qdrant");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
        Assert.StartsWith("unable to parse requirement", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Field_selectors_on_name_and_phase_and_unsupported_fields_refused()
    {
        var byName = await Lab.Client.CoreV1.ListNamespacedPodAsync(KubeLab.Namespace, fieldSelector: "metadata.name=qdrant-1");
        Assert.Equal("qdrant-1", Assert.Single(byName.Items).Metadata.Name);

        var running = await Lab.Client.CoreV1.ListNamespacedPodAsync(KubeLab.Namespace, fieldSelector: "status.phase=Running", labelSelector: "app=qdrant");
        Assert.Equal(3, running.Items.Count);
        var notRunning = await Lab.Client.CoreV1.ListNamespacedPodAsync(KubeLab.Namespace, fieldSelector: "status.phase!=Running");
        Assert.Empty(notRunning.Items);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Lab.Client.CoreV1.ListNamespacedPodAsync(KubeLab.Namespace, fieldSelector: "spec.image=x"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Response.StatusCode);
        Assert.Equal("field label not supported: spec.image", KubernetesJson.Deserialize<k8s.Models.V1Status>(refused.Response.Content).Message);
    }

    [Fact]
    public async Task Limit_and_continue_page_through_every_item_once()
    {
        var all = await Lab.Client.CoreV1.ListNamespacedPodAsync(KubeLab.Namespace);
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Lab.Client.CoreV1.ListNamespacedPodAsync(KubeLab.Namespace, limit: 2, continueParameter: token);
            Assert.True(page.Items.Count <= 2);
            if (pages == 0)
            {
                Assert.Equal(all.Items.Count - 2, page.Metadata.RemainingItemCount);
            }

            seen.AddRange(page.Items.Select(p => p.Metadata.Name));
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(all.Items.Select(p => p.Metadata.Name), seen);
        Assert.Equal((all.Items.Count + 1) / 2, pages);
    }

    [Fact]
    public async Task A_garbage_continue_token_is_a_400_status()
    {
        var (status, body) = await Lab.SendAsync(HttpMethod.Get, "/api/v1/namespaces/pubsec-info-assistant/pods?continue=not-a-token&limit=1");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("continue key is not valid", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cluster_has_ready_nodes_the_qdrant_set_its_claims_and_application_objects()
    {
        var nodes = await Lab.Client.CoreV1.ListNodeAsync();
        Assert.Equal(["lab-node-0", "lab-node-1", "lab-node-2"], nodes.Items.Select(n => n.Metadata.Name));
        Assert.All(nodes.Items, n => Assert.Equal("True", n.Status.Conditions.Single(c => c.Type == "Ready").Status));

        var set = await Lab.StatefulSetAsync();
        Assert.Equal(3, set.Spec.Replicas);
        Assert.Equal("qdrant", set.Spec.Selector.MatchLabels["app"]);
        Assert.Equal("qdrant-headless", set.Spec.ServiceName);
        Assert.Equal("qdrant-storage", Assert.Single(set.Spec.VolumeClaimTemplates).Metadata.Name);
        Assert.Equal(3, set.Status.ReadyReplicas);
        Assert.Equal(set.Status.CurrentRevision, set.Status.UpdateRevision);

        var pods = await Lab.QdrantPodsAsync();
        Assert.All(pods, p =>
        {
            Assert.Equal("Running", p.Status.Phase);
            Assert.All(new[] { "PodScheduled", "Initialized", "ContainersReady", "Ready" }, type => Assert.Equal("True", p.Status.Conditions.Single(c => c.Type == type).Status));
            Assert.Equal(set.Status.UpdateRevision, p.Metadata.Labels["controller-revision-hash"]);
            Assert.Equal(p.Metadata.Name, p.Metadata.Labels["statefulset.kubernetes.io/pod-name"]);
            Assert.Equal(set.Metadata.Uid, Assert.Single(p.Metadata.OwnerReferences).Uid);
            Assert.StartsWith("lab-node-", p.Spec.NodeName, StringComparison.Ordinal);
            var container = Assert.Single(p.Status.ContainerStatuses);
            Assert.Equal("docker.io/qdrant/qdrant:v1.19.0", container.Image);
            Assert.StartsWith("docker.io/qdrant/qdrant@sha256:", container.ImageID, StringComparison.Ordinal);
        });
        Assert.Equal(["0", "1", "2"], pods.Select(p => p.Metadata.Labels["apps.kubernetes.io/pod-index"]));

        var claims = await Lab.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(KubeLab.Namespace, labelSelector: "app=qdrant");
        Assert.Equal(["qdrant-storage-qdrant-0", "qdrant-storage-qdrant-1", "qdrant-storage-qdrant-2"], claims.Items.Select(c => c.Metadata.Name));
        Assert.All(claims.Items, c => Assert.Equal("Bound", c.Status.Phase));
        var volume = await Lab.Client.CoreV1.ReadPersistentVolumeAsync(claims.Items[0].Spec.VolumeName);
        Assert.Equal(claims.Items[0].Metadata.Uid, volume.Spec.ClaimRef.Uid);

        var deployments = await Lab.Client.AppsV1.ListNamespacedDeploymentAsync(KubeLab.Namespace);
        Assert.Equal(["api", "redis", "worker"], deployments.Items.Select(d => d.Metadata.Name));
        var headless = await Lab.Client.CoreV1.ReadNamespacedServiceAsync("qdrant-headless", KubeLab.Namespace);
        Assert.Equal("None", headless.Spec.ClusterIP);
        Assert.Equal(["api", "qdrant", "qdrant-headless", "redis"], (await Lab.Client.CoreV1.ListNamespacedServiceAsync(KubeLab.Namespace)).Items.Select(s => s.Metadata.Name));
        var secret = await Lab.Client.CoreV1.ReadNamespacedSecretAsync("pubsec-secrets", KubeLab.Namespace);
        Assert.Equal("lab-redis-password", Encoding.UTF8.GetString(secret.Data["redis-password"]));
        Assert.Equal(KubeLab.ApiKey, Encoding.UTF8.GetString((await Lab.Client.CoreV1.ReadNamespacedSecretAsync("qdrant-apikey", KubeLab.Namespace)).Data["api-key"]));
        Assert.Contains("qdrant-config", (await Lab.Client.CoreV1.ListNamespacedConfigMapAsync(KubeLab.Namespace)).Items.Select(c => c.Metadata.Name));
    }

    [Fact]
    public async Task Resource_versions_come_from_one_counter_and_the_list_version_is_the_highest()
    {
        var (_, pods) = await Lab.SendAsync(HttpMethod.Get, "/api/v1/namespaces/pubsec-info-assistant/pods");
        var (_, nodes) = await Lab.SendAsync(HttpMethod.Get, "/api/v1/nodes");
        var versions = pods["items"]!.AsArray().Concat(nodes["items"]!.AsArray()).Select(i => long.Parse(i!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.True(versions.Max() <= long.Parse(nodes["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
