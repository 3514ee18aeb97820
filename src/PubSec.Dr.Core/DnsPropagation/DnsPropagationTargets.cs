using System.Net;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;

namespace PubSec.Dr.DnsPropagation;

/// <summary>What Test-DrDnsPropagation checks: the environment's records with a region's values (or given ones), and which resolvers.</summary>
public static class DnsPropagationTargets
{
    /// <summary>Every record of the environment, expecting the values it has for <paramref name="region"/>.</summary>
    public static IReadOnlyList<DnsPropagationTarget> ForRegion(DrEnvironment environment, string region)
    {
        var name = environment.Region(region).Name;
        return [.. environment.RequireDns().Records.Select(record => new DnsPropagationTarget(record.Name, record.Type,
            record.Values.TryGetValue(name, out var values) ? values : []))];
    }

    /// <summary>Every record of the environment, expecting exactly <paramref name="values"/>.</summary>
    public static IReadOnlyList<DnsPropagationTarget> ForValues(DrEnvironment environment, IReadOnlyList<string> values) =>
        [.. environment.RequireDns().Records.Select(record => new DnsPropagationTarget(record.Name, record.Type, values))];

    /// <summary>
    /// Resolvers given as host:port (port 53 if none; [v6]:port for IPv6), or the environment's. One that is also in
    /// the environment keeps its name and authoritative flag; others are asked as recursive resolvers.
    /// </summary>
    public static IReadOnlyList<DrResolver> Resolvers(DrEnvironment environment, IReadOnlyList<string>? addresses)
    {
        var known = environment.RequireDns().Resolvers;
        if (addresses is null || addresses.Count == 0)
        {
            return known.Count > 0 ? known : throw new DrException(ErrorIds.EnvironmentSectionMissing, DrErrorCategory.InvalidArgument,
                $"The environment '{environment.Name}' lists no resolvers (dns.resolvers) to check.",
                "Add dns.resolvers to the environment file, or give -Resolver host:port.", "dns.resolvers");
        }

        return [.. addresses.Select(address =>
        {
            var endpoint = Parse(address);
            return known.FirstOrDefault(resolver => resolver.Address.Equals(endpoint)) ?? new DrResolver(address, endpoint, false);
        })];
    }

    private static IPEndPoint Parse(string address)
    {
        var text = address.Trim();
        if (IPAddress.TryParse(text, out var bare))
        {
            return new IPEndPoint(bare, 53);
        }

        if (IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':', StringComparison.Ordinal))
        {
            return endpoint;
        }

        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        var port = 53;
        if (colon >= 0 && !int.TryParse(text[(colon + 1)..], out port) || port is < 1 or > 65535)
        {
            throw Invalid(address, "the port is not a number from 1 to 65535");
        }

        try
        {
            var ip = System.Net.Dns.GetHostAddresses(host).FirstOrDefault() ?? throw Invalid(address, "the name has no address");
            return new IPEndPoint(ip, port);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw Invalid(address, ex.Message);
        }
    }

    private static DrException Invalid(string address, string why) => new(ErrorIds.DnsResolverUnreachable, DrErrorCategory.InvalidArgument,
        $"The resolver '{address}' cannot be used: {why}.", "Give resolvers as ip:port or host:port, e.g. 10.0.0.2:53 or [fd00::2]:53.", address);
}
