using PubSec.Dr.Environments;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Drills;

/// <summary>
/// The environment as the RegionalFailover drill sees it: the same regions, but the one failover record that carries
/// the public name renamed to the drill-only name (same type, TTL and values per region) and the public URL's host
/// replaced by it. Handed to the failover's own DNS switch, propagation check and service check, the drill runs them
/// exactly as a failover would, and they can only ever touch the drill name.
/// </summary>
public static class DrillDnsView
{
    public static DrEnvironment For(DrEnvironment environment)
    {
        var dns = environment.RequireDns();
        var service = environment.RequireService();
        if (dns.DrillName is not { } drillName)
        {
            throw EnvironmentSections.Missing(environment, "dns.drillName");
        }

        var publicHost = service.PublicUrl.IdnHost.TrimEnd('.');
        var record = dns.Records.FirstOrDefault(r => string.Equals(r.HostName, publicHost, StringComparison.OrdinalIgnoreCase))
            ?? dns.Records.FirstOrDefault()
            ?? throw EnvironmentSections.Missing(environment, "dns.records");
        var url = new UriBuilder(service.PublicUrl) { Host = drillName.TrimEnd('.') }.Uri;
        return Copy(environment, service with { PublicUrl = url }, dns with { Records = [record with { Name = drillName, SetIdentifier = null }] });
    }

    /// <summary>The view asking only <paramref name="resolvers"/>.</summary>
    public static DrEnvironment WithResolvers(DrEnvironment view, IReadOnlyList<DrResolver> resolvers) =>
        Copy(view, view.Service, view.RequireDns() with { Resolvers = resolvers });

    // The same regions and objectives: only what users reach and what DNS moves differ.
    private static DrEnvironment Copy(DrEnvironment environment, DrServiceSettings? service, DrDnsSettings dns) => new()
    {
        Name = environment.Name, SourcePath = environment.SourcePath, Regions = environment.Regions, Objectives = environment.Objectives,
        Service = service, Dns = dns,
    };

    /// <summary>The drill record as the ledger names it and the remover checks it: "name TYPE".</summary>
    public static string ResourceName(DrEnvironment view)
    {
        var record = view.RequireDns().Records[0];
        return $"{record.Name} {record.Type}";
    }
}
