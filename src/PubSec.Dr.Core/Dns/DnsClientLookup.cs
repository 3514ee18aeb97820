using System.Net;
using DnsClient;
using DnsClient.Protocol;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Dns;

/// <summary>
/// <see cref="IDnsLookupConnector"/> over DnsClient: one query to exactly the resolver given (no system resolvers,
/// no cache, TCP when the answer is truncated), so what it answers is what that resolver would tell a user now.
/// </summary>
internal sealed class DnsClientLookup : IDnsLookupConnector
{
    public async Task<DnsAddressAnswer> LookupAddressesAsync(IPEndPoint resolver, string name, TimeSpan timeout, CancellationToken ct)
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(resolver))
        {
            UseCache = false,
            // One retry (a lost UDP datagram is common), each try half the time, so the whole question ends within it.
            Timeout = timeout / 2,
            Retries = 1,
            ThrowDnsErrors = false,
            UseTcpFallback = true,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });
        IDnsQueryResponse response;
        try
        {
            // IPv4 first; AAAA only when there is no A record, so a resolver that mishandles AAAA cannot fail an IPv4 service.
            response = await client.QueryAsync(name, QueryType.A, QueryClass.IN, ct).ConfigureAwait(false);
            var addresses = Addresses(response).ToList();
            if (addresses.Count == 0 && !response.HasError)
            {
                response = await client.QueryAsync(name, QueryType.AAAA, QueryClass.IN, ct).ConfigureAwait(false);
                addresses = Addresses(response).ToList();
            }

            if (addresses.Count > 0)
            {
                return new DnsAddressAnswer(name, resolver, [.. addresses.Select(a => a.Address).Distinct()], addresses.Min(a => a.Ttl));
            }
        }
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout || ex.InnerException is System.Net.Sockets.SocketException)
        {
            throw new DrException(ErrorIds.DnsResolverUnreachable, DrErrorCategory.ConnectionError,
                $"The DNS resolver {resolver} did not answer a query for '{name}' within {timeout.TotalSeconds:0.###} s: {ex.Message}",
                "Check the resolver's address and port (-Resolver, dns.resolvers in the environment file) and that it is running and reachable.",
                resolver.ToString(), ex);
        }

        throw new DrException(ErrorIds.ServiceNameUnresolved, DrErrorCategory.ObjectNotFound,
            $"The DNS resolver {resolver} has no address for '{name}' ({(response.HasError ? response.ErrorMessage : "no A or AAAA record")}).",
            "Check the record in the zone (Get-DrDnsRecord) and that the resolver sees it (Test-DrDnsPropagation).", name);
    }

    private static IEnumerable<(IPAddress Address, int Ttl)> Addresses(IDnsQueryResponse response) =>
        response.Answers.OfType<AddressRecord>().Select(r => (r.Address, r.TimeToLive));
}
