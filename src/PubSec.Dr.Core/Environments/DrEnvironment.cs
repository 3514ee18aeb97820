using PubSec.Dr.Errors;

namespace PubSec.Dr.Environments;

/// <summary>
/// One validated description of the deployment (Import-DrEnvironment): its regions, the DNS records that move in
/// a failover, the public service, and the recovery objectives. It holds no secret, only the names of the
/// environment variables that hold them, so it can be printed, logged and passed around freely.
/// </summary>
public sealed class DrEnvironment
{
    public required string Name { get; init; }

    /// <summary>The file it was read from (absolute); relative paths in it were resolved against its folder.</summary>
    public required string SourcePath { get; init; }

    public required IReadOnlyDictionary<string, DrRegion> Regions { get; init; }

    public DrServiceSettings? Service { get; init; }

    public DrDnsSettings? Dns { get; init; }

    public required DrObjectives Objectives { get; init; }

    // An array, not a collection expression: PowerShell cannot index the read-only list the compiler makes for one.
    public IReadOnlyList<string> RegionNames => Regions.Keys.ToArray();

    /// <summary>The named region, or an error that lists the ones the file defines.</summary>
    public DrRegion Region(string name)
    {
        if (!string.IsNullOrWhiteSpace(name) && Regions.TryGetValue(name.Trim(), out var region))
        {
            return region;
        }

        throw new DrException(ErrorIds.EnvironmentRegionUnknown, DrErrorCategory.InvalidArgument,
            $"The environment '{Name}' has no region '{name}'.",
            $"Use one of its regions: {string.Join(", ", Regions.Keys)}.", name);
    }

    /// <summary>The DNS section, or an error naming it: Route53 and propagation checks cannot run without it.</summary>
    public DrDnsSettings RequireDns() => Dns ?? throw EnvironmentSections.Missing(this, "dns");

    /// <summary>The public service section, or an error naming it.</summary>
    public DrServiceSettings RequireService() => Service ?? throw EnvironmentSections.Missing(this, "service");

    public override string ToString() => $"{Name} ({string.Join(", ", Regions.Keys)})";
}
