using PubSec.Dr.Environments;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Drills;

/// <summary>
/// Which regions a drill works in. The RegionalFailover drill fails over TO its region (by default the environment
/// file's second region: the standby, as the plan's primary is listed first) FROM the first other region; every other
/// scenario works in its region (by default the file's first).
/// </summary>
public static class DrillRegions
{
    public static DrRegion Default(DrEnvironment environment, DrillScenario scenario, string? name)
    {
        if (name is not null)
        {
            return environment.Region(name);
        }

        var names = environment.RegionNames;
        return environment.Region(scenario == DrillScenario.RegionalFailover && names.Count > 1 ? names[1] : names[0]);
    }

    /// <summary>The region a failover drill moves away from: the first region of the file that is not the target.</summary>
    public static DrRegion Source(DrillRequest request) =>
        request.Environment.Regions.Values.FirstOrDefault(r => !string.Equals(r.Name, request.Region.Name, StringComparison.OrdinalIgnoreCase))
        ?? throw new DrException(ErrorIds.EnvironmentSectionMissing, DrErrorCategory.InvalidArgument,
            $"The environment '{request.Environment.Name}' has only the region '{request.Region.Name}': a failover drill needs a second region to fail over from.",
            "Describe both regions in the environment file.", "regions");
}
