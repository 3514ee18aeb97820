using System.Globalization;

namespace PubSec.Dr.Failover;

/// <summary>
/// Reprotect: after a switchover or failback the former active region becomes the standby again, the way the target
/// was before: its Redis a replica of the new active one (its write fence lifted, since a replica refuses writes
/// anyway) and its application Deployments back at the replicas FenceSource recorded.
/// </summary>
public sealed partial class FailoverActions
{
    public async Task ReprotectAsync(FailoverStep step, IReadOnlyDictionary<string, string> fence, bool plan, CancellationToken ct)
    {
        var target = RedisOf(_target);
        var source = RedisOf(_source);
        var minReplicas = fence.GetValueOrDefault(FailoverStateKeys.RedisMinReplicasBefore) ?? "0";
        var deployments = fence.Where(e => e.Key.StartsWith(FailoverStateKeys.DeploymentPrefix, StringComparison.Ordinal))
            .Select(e => (Name: e.Key[FailoverStateKeys.DeploymentPrefix.Length..], Replicas: int.Parse(e.Value, CultureInfo.InvariantCulture))).ToList();
        var settings = _source.Require(r => r.Kubernetes, "kubernetes");
        if (plan)
        {
            step.Details.Add($"Would make Redis {source.Display} a replica of {target.Display} and set its min-replicas-to-write back to {minReplicas}; "
                + $"scale the Deployments fenced in '{from}' back to their replicas, so '{from}' is the standby.");
            return;
        }

        await using (var redis = await backends.ConnectRedisAsync(source, ct).ConfigureAwait(false))
        {
            await FollowAsync(redis, target, ct).ConfigureAwait(false);
            await redis.SetConfigAsync("min-replicas-to-write", minReplicas, ct).ConfigureAwait(false);
            step.Details.Add($"Redis {source.Display} replicates {target.Display}; min-replicas-to-write back to {minReplicas}.");
        }

        using var workloads = backends.Kubernetes(settings.ToTarget(), null);
        foreach (var (name, replicas) in deployments)
        {
            await workloads.ScaleDeploymentAsync(name, replicas, ct).ConfigureAwait(false);
            step.Details.Add($"Scaled Deployment {settings.Namespace}/{name} of '{from}' back to {replicas}.");
        }
    }
}
