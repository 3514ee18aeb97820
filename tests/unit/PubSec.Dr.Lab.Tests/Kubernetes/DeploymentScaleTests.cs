using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PubSec.Dr.Lab.Tests.TestSupport;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>
/// <c>deployments/{name}/scale</c> (autoscaling/v1 Scale), as <c>kubectl scale deployment</c> and a failover's fencing
/// use it: the scale moves the ReplicaSet and its pods (Terminating, then gone; new ones Ready), status follows, and
/// the refusals are the StatefulSet scale's (404, 409, 422). Each test has its own lab, as they scale <c>api</c>.
/// </summary>
public sealed class DeploymentScaleTests : IAsyncLifetime
{
    private KubeLab _lab = null!;

    public async Task InitializeAsync() => _lab = await KubeLab.StartAsync();

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    private IKubernetes Client => _lab.Client;

    [Fact]
    public async Task The_scale_of_a_deployment_names_its_replicas_and_selector()
    {
        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("api", KubeLab.Namespace);

        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("api", KubeLab.Namespace);

        Assert.Equal(("Scale", "autoscaling/v1"), (scale.Kind, scale.ApiVersion));
        Assert.Equal((deployment.Metadata.Uid, deployment.Metadata.ResourceVersion), (scale.Metadata.Uid, scale.Metadata.ResourceVersion));
        Assert.Equal(2, scale.Spec.Replicas);
        Assert.Equal(2, scale.Status.Replicas);
        Assert.Equal(string.Join(',', deployment.Spec.Selector.MatchLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")), scale.Status.Selector);
    }

    [Fact]
    public async Task Scaling_to_zero_terminates_the_pods_and_scaling_back_makes_ready_ones()
    {
        var scaled = await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":0}}""", V1Patch.PatchType.MergePatch), "api", KubeLab.Namespace);
        Assert.Equal(0, scaled.Spec.Replicas);

        // Terminating first (deletionTimestamp set), then gone, as the ReplicaSet controller and the kubelet do it.
        await Poll.UntilAsync(ApiPodsAsync, pods => pods.Count > 0 && pods.All(p => p.Metadata.DeletionTimestamp is not null), "terminating api pods", 5);
        await Poll.UntilAsync(ApiPodsAsync, pods => pods.Count == 0, "no api pods");
        var down = await Poll.UntilAsync(DeploymentAsync, d => (d.Status.Replicas ?? 0) == 0 && (d.Status.ReadyReplicas ?? 0) == 0, "status 0 replicas");
        Assert.Equal("True", down.Status.Conditions.Single(c => c.Type == "Available").Status); // 0 of 0 is available, as in Kubernetes
        var replicaSets = (await Client.AppsV1.ListNamespacedReplicaSetAsync(KubeLab.Namespace, labelSelector: "app=api")).Items;
        Assert.All(replicaSets, rs => Assert.Equal(0, rs.Spec.Replicas));
        Assert.Equal(0, (await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("api", KubeLab.Namespace)).Status.Replicas);

        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("api", KubeLab.Namespace);
        scale.Spec.Replicas = 2;
        await Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "api", KubeLab.Namespace);

        var up = await Poll.UntilAsync(DeploymentAsync, d => d.Status.ReadyReplicas == 2 && d.Status.Replicas == 2, "2 ready api replicas");
        Assert.Equal(2, up.Spec.Replicas);
        Assert.Equal(2, (await ApiPodsAsync()).Count(p => p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true));
    }

    [Fact]
    public async Task Json_strategic_and_apply_patches_set_the_replicas()
    {
        await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""[{"op":"replace","path":"/spec/replicas","value":3}]""", V1Patch.PatchType.JsonPatch), "api", KubeLab.Namespace);
        Assert.Equal(3, (await DeploymentAsync()).Spec.Replicas);

        await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.StrategicMergePatch), "api", KubeLab.Namespace);
        Assert.Equal(1, (await DeploymentAsync()).Spec.Replicas);

        var applied = await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"apiVersion":"autoscaling/v1","kind":"Scale","spec":{"replicas":2}}""", V1Patch.PatchType.ApplyPatch), "api", KubeLab.Namespace, fieldManager: "pubsec-dr", force: true);
        Assert.Equal(2, applied.Spec.Replicas);

        var dryRun = await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":0}}""", V1Patch.PatchType.MergePatch), "api", KubeLab.Namespace, dryRun: "All");
        Assert.Equal(0, dryRun.Spec.Replicas);
        Assert.Equal(2, (await DeploymentAsync()).Spec.Replicas);
    }

    [Fact]
    public async Task A_missing_deployment_is_404_a_stale_version_409_and_negative_replicas_422()
    {
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.ReadNamespacedDeploymentScaleAsync("nothing", KubeLab.Namespace));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        var notFound = KubernetesJson.Deserialize<V1Status>(missing.Response.Content);
        Assert.Equal(("NotFound", "deployments.apps \"nothing\" not found"), (notFound.Reason, notFound.Message));

        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("api", KubeLab.Namespace);
        scale.Metadata.ResourceVersion = "1";
        scale.Spec.Replicas = 0;
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "api", KubeLab.Namespace));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        Assert.Equal("Operation cannot be fulfilled on deployments.apps \"api\": the object has been modified; please apply your changes to the latest version and try again",
            KubernetesJson.Deserialize<V1Status>(stale.Response.Content).Message);

        var (status, body) = await _lab.SendAsync(HttpMethod.Put, "/apis/apps/v1/namespaces/pubsec-info-assistant/deployments/api/scale",
            """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"api","namespace":"pubsec-info-assistant"},"spec":{"replicas":-1}}""");
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("Scale.autoscaling \"api\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", body["message"]!.GetValue<string>());

        var (post, _) = await _lab.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/pubsec-info-assistant/deployments/api/scale", "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post);
        Assert.Equal(2, (await DeploymentAsync()).Spec.Replicas);
    }

    private Task<V1Deployment> DeploymentAsync() => Client.AppsV1.ReadNamespacedDeploymentAsync("api", KubeLab.Namespace);

    private async Task<List<V1Pod>> ApiPodsAsync() =>
        (await Client.CoreV1.ListNamespacedPodAsync(KubeLab.Namespace, labelSelector: "app=api")).Items.ToList();
}
