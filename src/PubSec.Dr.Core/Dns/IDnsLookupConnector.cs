using System.Net;

namespace PubSec.Dr.Dns;

/// <summary>Asks one given resolver for a name's addresses (the backend factory's DNS part); xunit fakes it.</summary>
public interface IDnsLookupConnector
{
    /// <summary>
    /// The addresses <paramref name="resolver"/> answers for <paramref name="name"/>, with no cache of our own in
    /// between. DnsResolverUnreachable when it does not answer within <paramref name="timeout"/>; ServiceNameUnresolved
    /// when it answers without an address (NXDOMAIN, no A/AAAA record, a refusal).
    /// </summary>
    Task<DnsAddressAnswer> LookupAddressesAsync(IPEndPoint resolver, string name, TimeSpan timeout, CancellationToken ct);
}
