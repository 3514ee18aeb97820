using PubSec.Dr.Dns;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Network;

namespace PubSec.Dr.Backends;

/// <summary>The read-only probes of readiness and service checks: cluster inventory, HTTP probes pinned to an address, DNS questions to one resolver.</summary>
public sealed partial class BackendFactory
{
    private static readonly HttpProbe Http = new();
    private static readonly DnsClientLookup DnsLookup = new();

    public IKubernetesInventory KubernetesInventory(KubernetesTarget target, NetworkDeadlines? deadlines) =>
        Dr.Kubernetes.KubernetesInventory.Connect(target, deadlines, KubernetesEnvironment.Current);

    public Task<HttpProbeResult> ProbeAsync(HttpProbeRequest request, CancellationToken ct) => Http.ProbeAsync(request, ct);

    public Task<DnsAddressAnswer> LookupAddressesAsync(System.Net.IPEndPoint resolver, string name, TimeSpan timeout, CancellationToken ct) =>
        DnsLookup.LookupAddressesAsync(resolver, name, timeout, ct);
}
