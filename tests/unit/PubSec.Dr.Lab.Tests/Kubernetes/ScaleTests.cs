using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>The scale subresource's GET, PUT and every PATCH type change the StatefulSet, with new resourceVersions and generations.</summary>
public sealed class ScaleTests
{
    [Fact]
    public async Task Scale_get_put_and_each_patch_type_set_replicas_and_bump_resource_version_and_generation()
    {
        await using var lab = await KubeLab.StartAsync();
        var set = await lab.StatefulSetAsync();
        var (status, raw) = await lab.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant/scale");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Scale", "autoscaling/v1", "app=qdrant", 3), (raw["kind"]!.GetValue<string>(), raw["apiVersion"]!.GetValue<string>(), raw["status"]!["selector"]!.GetValue<string>(), raw["spec"]!["replicas"]!.GetValue<int>()));
        Assert.Equal((set.Metadata.Uid, set.Metadata.ResourceVersion), (raw["metadata"]!["uid"]!.GetValue<string>(), raw["metadata"]!["resourceVersion"]!.GetValue<string>()));

        var scale = await lab.Client.AppsV1.ReadNamespacedStatefulSetScaleAsync("qdrant", KubeLab.Namespace);
        scale.Spec.Replicas = 2;
        var steps = new List<(string How, Func<Task<V1Scale>> Call, int Replicas)>
        {
            ("PUT", () => lab.Client.AppsV1.ReplaceNamespacedStatefulSetScaleAsync(scale, "qdrant", KubeLab.Namespace), 2),
            ("merge", () => lab.Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "qdrant", KubeLab.Namespace), 3),
            ("strategic", () => lab.Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(new V1Patch(new { spec = new { replicas = 1 } }, V1Patch.PatchType.StrategicMergePatch), "qdrant", KubeLab.Namespace), 1),
            ("json", () => lab.Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(new V1Patch("""[{"op":"replace","path":"/spec/replicas","value":2}]""", V1Patch.PatchType.JsonPatch), "qdrant", KubeLab.Namespace), 2),
            ("apply", () => lab.Client.AppsV1.PatchNamespacedStatefulSetScaleAsync(new V1Patch("""{"apiVersion":"autoscaling/v1","kind":"Scale","spec":{"replicas":3}}""", V1Patch.PatchType.ApplyPatch), "qdrant", KubeLab.Namespace, fieldManager: "pubsec-dr", force: true), 3),
        };

        var generation = set.Metadata.Generation!.Value;
        var version = long.Parse(set.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (how, call, replicas) in steps)
        {
            var answer = await call();
            Assert.True(replicas == answer.Spec.Replicas, $"{how}: the answer says {answer.Spec.Replicas}");
            var after = await lab.StatefulSetAsync();
            Assert.True(replicas == after.Spec.Replicas, $"{how}: the set says {after.Spec.Replicas}");
            Assert.True(after.Metadata.Generation == ++generation, $"{how}: generation {after.Metadata.Generation}, expected {generation}");
            var newVersion = long.Parse(answer.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(newVersion > version, $"{how}: resourceVersion {newVersion} is not newer than {version}");
            version = newVersion;
        }

        var owners = (await lab.StatefulSetAsync()).Metadata.ManagedFields.Where(f => JsonNode.Parse(KubernetesJson.Serialize(f.FieldsV1))?["f:spec"]?["f:replicas"] is not null).ToList();
        Assert.Equal(("pubsec-dr", "Apply", "scale"), (Assert.Single(owners).Manager, owners[0].Operation, owners[0].Subresource));
        var settled = await lab.WaitForReadyAsync(3);
        Assert.Equal(generation, settled.Status.ObservedGeneration);
    }

    [Fact]
    public async Task A_statefulset_patch_changes_replicas_and_observed_generation_catches_up()
    {
        await using var lab = await KubeLab.StartAsync();

        var patched = await lab.Client.AppsV1.PatchNamespacedStatefulSetAsync(
            new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.StrategicMergePatch), "qdrant", KubeLab.Namespace);

        Assert.Equal((2, 2L), (patched.Spec.Replicas!.Value, patched.Metadata.Generation!.Value));
        Assert.Equal(1, patched.Status.ObservedGeneration);
        var settled = await lab.WaitForReadyAsync(2);
        Assert.Equal(2, settled.Status.ObservedGeneration);
        Assert.Equal(["qdrant-0", "qdrant-1"], (await lab.QdrantPodsAsync()).Select(p => p.Metadata.Name));

        var replaced = await lab.StatefulSetAsync();
        replaced.Spec.Replicas = 3;
        replaced.Metadata.Labels["tier"] = "vector-db";
        var answer = await lab.Client.AppsV1.ReplaceNamespacedStatefulSetAsync(replaced, "qdrant", KubeLab.Namespace);
        Assert.Equal((3, 3L, "vector-db"), (answer.Spec.Replicas!.Value, answer.Metadata.Generation!.Value, answer.Metadata.Labels["tier"]));
        await lab.WaitForReadyAsync(3);
    }
}
