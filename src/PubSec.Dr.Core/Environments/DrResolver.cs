using System.Net;

namespace PubSec.Dr.Environments;

/// <summary>A DNS server whose answers prove a change propagated: the zone's authoritative servers and the resolvers users sit behind.</summary>
public sealed record DrResolver(string Name, IPEndPoint Address, bool Authoritative)
{
    public override string ToString() => $"{Name} ({Address})";
}
