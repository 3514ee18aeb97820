using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>Scale and StatefulSet writes the apiserver refuses (409, 422, 415) or only simulates (dryRun); the set stays as it was.</summary>
[Collection(SharedKubeLab.Name)]
public sealed class ScaleRefusalTests(SharedKubeLab shared)
{
    private const string Modified =
        "Operation cannot be fulfilled on statefulsets.apps \"qdrant\": the object has been modified; please apply your changes to the latest version and try again";

    private KubeLab Lab => shared.Lab;

    [Fact]
    public async Task A_scale_put_with_a_stale_resource_version_is_409_with_the_conflict_message()
    {
        var scale = await Lab.Client.AppsV1.ReadNamespacedStatefulSetScaleAsync("qdrant", KubeLab.Namespace);
        scale.Metadata.ResourceVersion = "1";
        scale.Spec.Replicas = 1;

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Lab.Client.AppsV1.ReplaceNamespacedStatefulSetScaleAsync(scale, "qdrant", KubeLab.Namespace));

        Assert.Equal(HttpStatusCode.Conflict, refused.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(refused.Response.Content);
        Assert.Equal(("Failure", "Conflict", 409, Modified), (status.Status, status.Reason, status.Code, status.Message));
        Assert.Equal(("qdrant", "apps", "statefulsets"), (status.Details.Name, status.Details.Group, status.Details.Kind));
        Assert.Equal(3, (await Lab.StatefulSetAsync()).Spec.Replicas);
    }

    [Fact]
    public async Task A_statefulset_put_with_a_stale_resource_version_is_409_too()
    {
        var set = await Lab.StatefulSetAsync();
        set.Metadata.ResourceVersion = "2";

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Lab.Client.AppsV1.ReplaceNamespacedStatefulSetAsync(set, "qdrant", KubeLab.Namespace));

        Assert.Equal(HttpStatusCode.Conflict, refused.Response.StatusCode);
        Assert.Equal(Modified, KubernetesJson.Deserialize<V1Status>(refused.Response.Content).Message);
    }

    [Fact]
    public async Task Negative_replicas_are_422_invalid_on_the_scale_and_on_the_statefulset()
    {
        var (status, body) = await Lab.SendAsync(HttpMethod.Put, "/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant/scale",
            """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"qdrant","namespace":"pubsec-info-assistant"},"spec":{"replicas":-1}}""");

        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("Invalid", body["reason"]!.GetValue<string>());
        Assert.Equal("Scale.autoscaling \"qdrant\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", body["message"]!.GetValue<string>());
        Assert.Equal("spec.replicas", body["details"]!["causes"]![0]!["field"]!.GetValue<string>());

        var patched = await Assert.ThrowsAsync<HttpOperationException>(() => Lab.Client.AppsV1.PatchNamespacedStatefulSetAsync(
            new V1Patch("""{"spec":{"replicas":-2}}""", V1Patch.PatchType.MergePatch), "qdrant", KubeLab.Namespace));
        Assert.Equal((HttpStatusCode)422, patched.Response.StatusCode);
        Assert.Equal("StatefulSet.apps \"qdrant\" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0",
            KubernetesJson.Deserialize<V1Status>(patched.Response.Content).Message);
        Assert.Equal(3, (await Lab.StatefulSetAsync()).Spec.Replicas);
    }

    [Fact]
    public async Task An_apply_patch_needs_a_field_manager_and_conflicts_with_helms_replicas_without_force()
    {
        var patch = new V1Patch("""{"apiVersion":"autoscaling/v1","kind":"Scale","spec":{"replicas":2}}""", V1Patch.PatchType.ApplyPatch);

        var noManager = await Assert.ThrowsAsync<HttpOperationException>(() => Lab.Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(patch, "qdrant", KubeLab.Namespace));
        Assert.Equal((HttpStatusCode)422, noManager.Response.StatusCode);
        Assert.Contains("fieldManager: Required value: is required for apply patch", KubernetesJson.Deserialize<V1Status>(noManager.Response.Content).Message, StringComparison.Ordinal);

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Lab.Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(patch, "qdrant", KubeLab.Namespace, fieldManager: "pubsec-dr"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(conflict.Response.Content);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"helm\" using apps/v1: .spec.replicas", status.Message);
        Assert.Equal(".spec.replicas", Assert.Single(status.Details.Causes).Field);

        var sameValue = await Lab.Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(
            new V1Patch("""{"apiVersion":"autoscaling/v1","kind":"Scale","spec":{"replicas":3}}""", V1Patch.PatchType.ApplyPatch), "qdrant", KubeLab.Namespace,
            fieldManager: "pubsec-dr-shared", dryRun: "All");
        Assert.Equal(3, sameValue.Spec.Replicas);
    }

    [Fact]
    public async Task A_dry_run_scale_patch_answers_the_new_scale_and_stores_nothing()
    {
        var before = await Lab.StatefulSetAsync();

        var answer = await Lab.Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(
            new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), "qdrant", KubeLab.Namespace, dryRun: "All");

        Assert.Equal(1, answer.Spec.Replicas);
        var after = await Lab.StatefulSetAsync();
        Assert.Equal((3, before.Metadata.ResourceVersion), (after.Spec.Replicas!.Value, after.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Immutable_spec_fields_template_changes_and_unknown_patch_types_are_refused()
    {
        var immutable = await Assert.ThrowsAsync<HttpOperationException>(() => Lab.Client.AppsV1.PatchNamespacedStatefulSetAsync(
            new V1Patch("""{"spec":{"serviceName":"other"}}""", V1Patch.PatchType.StrategicMergePatch), "qdrant", KubeLab.Namespace));
        Assert.Equal((HttpStatusCode)422, immutable.Response.StatusCode);
        Assert.Contains("updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
            KubernetesJson.Deserialize<V1Status>(immutable.Response.Content).Message, StringComparison.Ordinal);

        var template = await Assert.ThrowsAsync<HttpOperationException>(() => Lab.Client.AppsV1.PatchNamespacedStatefulSetAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"qdrant/qdrant:v1.20.0"}]""", V1Patch.PatchType.JsonPatch), "qdrant", KubeLab.Namespace));
        Assert.Equal((HttpStatusCode)422, template.Response.StatusCode);

        var (status, body) = await Lab.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant/scale", """{"spec":{"replicas":1}}""", "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("UnsupportedMediaType", body["reason"]!.GetValue<string>());

        var (missingPath, _) = await Lab.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant/scale",
            """[{"op":"replace","path":"/spec/nothing/replicas","value":1}]""", "application/json-patch+json");
        Assert.Equal((HttpStatusCode)422, missingPath);
        Assert.Equal(3, (await Lab.StatefulSetAsync()).Spec.Replicas);
    }
}
