using System.Net;

namespace PubSec.Dr.Dns;

/// <summary>A resolver's answer for a name: its addresses (A and AAAA, after any CNAME chain) and the smallest remaining TTL.</summary>
public sealed record DnsAddressAnswer(string Name, IPEndPoint Resolver, IReadOnlyList<IPAddress> Addresses, int? Ttl);
