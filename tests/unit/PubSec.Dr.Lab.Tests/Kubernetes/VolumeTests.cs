using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>Claims of the qdrant set: pvc-protection while a pod mounts them, the node's storage wiped when one goes, a new one on scale-up.</summary>
public sealed class VolumeTests
{
    private const string Claim2 = "qdrant-storage-qdrant-2";

    [Fact]
    public async Task A_claim_deleted_under_its_pod_waits_for_the_pod_then_takes_the_nodes_storage_and_comes_back_new_on_scale_up()
    {
        await using var lab = await KubeLab.StartAsync();
        using var node0 = lab.Rest(0);
        await node0.CreateCollectionAsync("docs", shards: 3, replication: 1);
        await node0.UpsertAsync("docs", 1, 30);
        var original = await lab.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(Claim2, KubeLab.Namespace);

        var deleted = await lab.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(Claim2, KubeLab.Namespace);

        Assert.NotNull(deleted.Metadata.DeletionTimestamp);
        Assert.Contains("kubernetes.io/pvc-protection", deleted.Metadata.Finalizers);
        Assert.Equal("Bound", deleted.Status.Phase);
        await Task.Delay(400);
        var protectedClaim = await lab.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(Claim2, KubeLab.Namespace);
        Assert.Equal(original.Metadata.Uid, protectedClaim.Metadata.Uid);
        Assert.True(Directory.Exists(lab.StoragePath(2)), "the node keeps its storage while its pod runs");

        await lab.ScaleToAsync(2);

        await lab.WaitForPodsAsync(p => p.Count == 2, "qdrant-2 gone");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => TestSupport.Poll.UntilAsync(
            () => lab.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(Claim2, KubeLab.Namespace), _ => false, "the claim to go", 5));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
        Assert.False(Directory.Exists(lab.StoragePath(2)), "the node's storage is wiped with its volume");
        Assert.DoesNotContain(original.Spec.VolumeName, (await lab.Client.CoreV1.ListPersistentVolumeAsync()).Items.Select(v => v.Metadata.Name));

        await lab.ScaleToAsync(3);

        var pods = await lab.WaitForPodsAsync(p => p.Count == 3 && p[2].Status.Phase == "Running", "qdrant-2 running again");
        var recreated = await lab.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(Claim2, KubeLab.Namespace);
        Assert.NotEqual(original.Metadata.Uid, recreated.Metadata.Uid);
        Assert.Equal(("Bound", (string?)null), (recreated.Status.Phase, recreated.Metadata.DeletionTimestamp?.ToString()));
        Assert.Equal("qdrant", recreated.Metadata.Labels["app"]);
        Assert.Equal(recreated.Metadata.Name, pods[2].Spec.Volumes.Single(v => v.Name == "qdrant-storage").PersistentVolumeClaim.ClaimName);

        // The node came back empty: its shard is lost (Dead, no points) and /readyz keeps the pod NotReady.
        using var node2 = lab.Rest(2);
        var local = (await node2.ClusterInfoAsync("docs"))["local_shards"]![0]!;
        Assert.Equal(("Dead", 0L), (local["state"]!.GetValue<string>(), local["points_count"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node2.GetAsync("readyz")).Status);
        Assert.NotEqual("True", (await lab.QdrantPodsAsync())[2].Status.Conditions.Single(c => c.Type == "Ready").Status);
    }

    [Fact]
    public async Task Deleting_every_claim_while_scaled_to_zero_resets_the_cluster_and_scale_up_brings_ready_empty_nodes()
    {
        await using var lab = await KubeLab.StartAsync();
        using var node0 = lab.Rest(0);
        await node0.CreateCollectionAsync("docs", shards: 3, replication: 2);
        await node0.UpsertAsync("docs", 1, 30);
        var before = (await lab.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(KubeLab.Namespace, labelSelector: "app=qdrant")).Items;
        await lab.ScaleToAsync(0);
        await lab.WaitForPodsAsync(p => p.Count == 0, "every pod gone");

        foreach (var claim in before)
        {
            var answer = await lab.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(claim.Metadata.Name, KubeLab.Namespace,
                new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = claim.Metadata.ResourceVersion } });
            Assert.NotNull(answer.Metadata.DeletionTimestamp);
        }

        await TestSupport.Poll.UntilAsync(() => lab.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(KubeLab.Namespace), l => l.Items.Count == 0, "every claim gone");
        Assert.All(Enumerable.Range(0, 3), i => Assert.False(Directory.Exists(lab.StoragePath(i)), $"node {i} storage survived"));

        await lab.ScaleToAsync(3);

        await lab.WaitForReadyAsync(3);
        var after = (await lab.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(KubeLab.Namespace, labelSelector: "app=qdrant")).Items;
        Assert.Equal(before.Select(c => c.Metadata.Name), after.Select(c => c.Metadata.Name));
        Assert.Empty(before.Select(c => c.Metadata.Uid).Intersect(after.Select(c => c.Metadata.Uid)));
        var collections = await node0.GetAsync("collections");
        Assert.Empty(collections.Result!["collections"]!.AsArray());
    }

    [Fact]
    public async Task With_retention_when_scaled_delete_a_scale_down_takes_the_claim_and_its_storage()
    {
        await using var lab = await KubeLab.StartAsync();
        await lab.Client.AppsV1.PatchNamespacedStatefulSetAsync(
            new V1Patch("""{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete"}}}""", V1Patch.PatchType.MergePatch), "qdrant", KubeLab.Namespace);

        await lab.ScaleToAsync(2);

        await TestSupport.Poll.UntilAsync(() => lab.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(KubeLab.Namespace),
            l => l.Items.Count == 2, "qdrant-storage-qdrant-2 to be deleted with its pod");
        Assert.Equal(["qdrant-0", "qdrant-1"], (await lab.QdrantPodsAsync()).Select(p => p.Metadata.Name));
        Assert.False(Directory.Exists(lab.StoragePath(2)), "the node's storage goes with the claim");
        Assert.True(Directory.Exists(lab.StoragePath(1)));
    }
}
