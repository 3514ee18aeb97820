using System.Net;
using PubSec.Dr.Environments;

namespace PubSec.Dr.Service;

/// <summary>
/// Which region an address belongs to: the region whose application base URL has that address as its host, else
/// the region whose DNS record values for the public name are that address. Empty when none (a third address:
/// a misconfigured record, a stale resolver).
/// </summary>
internal static class ServiceRegionMatch
{
    public static string Of(DrEnvironment environment, IPAddress address, string hostName)
    {
        foreach (var region in environment.Regions.Values)
        {
            if (region.Application?.BaseUrl is { } baseUrl && IPAddress.TryParse(baseUrl.Host.Trim('[', ']'), out var ip) && ip.Equals(address))
            {
                return region.Name;
            }
        }

        var record = environment.Dns?.Records.FirstOrDefault(r => string.Equals(r.HostName, hostName.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));
        return record?.Values.FirstOrDefault(v => v.Value.Any(value => IPAddress.TryParse(value, out var ip) && ip.Equals(address))).Key ?? string.Empty;
    }
}
