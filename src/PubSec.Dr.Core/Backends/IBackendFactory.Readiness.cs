using PubSec.Dr.Dns;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Network;

namespace PubSec.Dr.Backends;

/// <summary>The factory's probe part: read-only cluster views, HTTP probes and DNS lookups for readiness and service checks.</summary>
public partial interface IBackendFactory : IKubernetesInventoryConnector, IHttpProbeConnector, IDnsLookupConnector
{
}
