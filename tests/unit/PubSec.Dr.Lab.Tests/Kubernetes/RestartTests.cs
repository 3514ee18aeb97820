using System.Net;
using k8s;
using PubSec.Dr.Lab.Kubernetes;

namespace PubSec.Dr.Lab.Tests.Kubernetes;

/// <summary>The emulated cluster lives in kubernetes.json: a restart on the same data folder comes back with the same API, token and objects.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_keeps_the_api_address_the_credentials_and_every_object_and_leaves_scaled_down_nodes_stopped()
    {
        var data = Path.Combine(Path.GetTempPath(), "pubsec-lab-tests", "k8s-restart-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            string api, kubeconfig, setUid;
            long version;
            List<string> claimUids;
            Uri node2;
            await using (var lab = await KubeLab.StartAsync(data, keepData: true))
            {
                await lab.ScaleToAsync(2);
                var set = await lab.WaitForReadyAsync(2);
                api = lab.Endpoints["api"]!.GetValue<string>();
                kubeconfig = await File.ReadAllTextAsync(lab.Endpoints["kubeconfig"]!.GetValue<string>());
                setUid = set.Metadata.Uid;
                version = long.Parse(set.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);
                claimUids = (await lab.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(KubeLab.Namespace)).Items.Select(c => c.Metadata.Uid).ToList();
                node2 = lab.RestUri(2);
            }

            await using (var lab = await KubeLab.StartAsync(data, keepData: true))
            {
                Assert.Equal(api, lab.Endpoints["api"]!.GetValue<string>());
                Assert.Equal(kubeconfig, await File.ReadAllTextAsync(lab.Endpoints["kubeconfig"]!.GetValue<string>()));
                var set = await lab.StatefulSetAsync();
                Assert.Equal((setUid, 2), (set.Metadata.Uid, set.Spec.Replicas!.Value));
                Assert.True(long.Parse(set.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) >= version);
                Assert.Equal(claimUids, (await lab.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(KubeLab.Namespace)).Items.Select(c => c.Metadata.Uid));
                Assert.Equal(["qdrant-0", "qdrant-1"], (await lab.QdrantPodsAsync()).Select(p => p.Metadata.Name));
                Assert.False(await KubeLab.AcceptsConnectionsAsync(node2), "node 2 has no pod, so it stays stopped");
                await lab.WaitForReadyAsync(2);
                using var node0 = lab.Rest(0);
                Assert.Equal(HttpStatusCode.OK, (await node0.GetAsync("readyz")).Status);
            }
        }
        finally
        {
            TestSupport.LabInstance.TryDelete(data);
        }
    }

    [Fact]
    public async Task A_restart_adds_the_api_key_secret_to_a_lab_seeded_without_it_and_keeps_an_existing_one()
    {
        var data = Path.Combine(Path.GetTempPath(), "pubsec-lab-tests", "k8s-upgrade-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            byte[] key;
            await using (var lab = await KubeLab.StartAsync(data, keepData: true))
            {
                key = (await lab.Client.CoreV1.ReadNamespacedSecretAsync(ApplicationSeed.ApiKeysSecret, KubeLab.Namespace)).Data["client-key"];
            }

            await using (var lab = await KubeLab.StartAsync(data, keepData: true))
            {
                Assert.Equal(key, (await lab.Client.CoreV1.ReadNamespacedSecretAsync(ApplicationSeed.ApiKeysSecret, KubeLab.Namespace)).Data["client-key"]);
                // What a lab seeded before the Secret existed looks like.
                await lab.Client.CoreV1.DeleteNamespacedSecretAsync(ApplicationSeed.ApiKeysSecret, KubeLab.Namespace);
            }

            await using (var lab = await KubeLab.StartAsync(data, keepData: true))
            {
                var added = await lab.Client.CoreV1.ReadNamespacedSecretAsync(ApplicationSeed.ApiKeysSecret, KubeLab.Namespace);
                Assert.Equal("true", added.Metadata.Labels[PubSec.Dr.Lab.Application.ApiKeyGate.Label]);
                Assert.NotEqual(key, added.Data["client-key"]);
            }
        }
        finally
        {
            TestSupport.LabInstance.TryDelete(data);
        }
    }
}
