using PubSec.Dr.DnsPropagation;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Backends;

/// <summary>Route53 over signed REST, and resolvers asked through DnsClient.</summary>
public sealed partial class BackendFactory
{
    public IRoute53Client Route53(Route53Connection connection) => new Route53Client(connection);

    public IDnsProbe DnsProbe(DnsProbeOptions options) => new DnsClientProbe(options);
}
