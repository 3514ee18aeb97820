using PubSec.Dr.Backends;
using PubSec.Dr.Environments;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Network;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Redis;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Readiness;

/// <summary>The connections a readiness check makes, one seam per backend, so xunit can hand it fakes.</summary>
public sealed record ReadinessBackends(
    IKubernetesInventoryConnector Kubernetes,
    IQdrantConnector Qdrant,
    IRedisConnector Redis,
    IHttpProbeConnector Http,
    Func<DrStoreSettings, IBackupStore> OpenStore)
{
    public static ReadinessBackends From(IBackendFactory factory) => new(factory, factory, factory, factory, store => store.Open());
}
