using PubSec.Dr.Backends;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Metrics;
using PubSec.Dr.Network;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// The Redis replication links of an environment for Export-DrMetrics and Get-DrStatus: the first region with Redis
/// (the file's primary) replicating to every other region with Redis, as Test-RedisReplication pairs them. A link
/// that cannot be built (a password variable not set) is reported and left out: the store's metrics still go out.
/// </summary>
internal static class ReplicationLinks
{
    private static readonly NetworkDeadlines Deadlines = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    public static ReplicationProbe? Probe(IBackendFactory backends, DrEnvironment? environment, Action<DrException> error)
    {
        var regions = environment?.Regions.Values.Where(r => r.Redis is not null).ToList() ?? [];
        if (regions.Count < 2)
        {
            return null;
        }

        var primary = regions[0];
        var links = new List<ReplicationProbe.Link>();
        foreach (var replica in regions.Skip(1))
        {
            try
            {
                links.Add(new ReplicationProbe.Link(replica.Name, primary.Name,
                    EnvironmentParameters.Redis(primary, null, null, null, Deadlines, "-Environment"),
                    EnvironmentParameters.Redis(replica, null, null, null, Deadlines, "-Environment")));
            }
            catch (DrException ex)
            {
                error(ex);
            }
        }

        return links.Count == 0 ? null : new ReplicationProbe(backends, links);
    }
}
