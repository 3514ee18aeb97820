using PubSec.Dr.DnsPropagation;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Backends;

/// <summary>The factory's DNS part: Route53 clients (<see cref="IRoute53Connector"/>) and resolver probes (<see cref="IDnsProbeConnector"/>).</summary>
public partial interface IBackendFactory : IRoute53Connector, IDnsProbeConnector
{
}
