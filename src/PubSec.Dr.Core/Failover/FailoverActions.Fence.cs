using System.Globalization;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;

namespace PubSec.Dr.Failover;

/// <summary>FenceSource: no tenant balance may be written on both sides, so the source stops taking writes where it can be reached.</summary>
public sealed partial class FailoverActions
{
    public async Task<bool> FenceSourceAsync(FailoverStep step, bool plan, CancellationToken ct)
    {
        var left = new List<string>();
        if (!await FenceDeploymentsAsync(step, plan, left, ct).ConfigureAwait(false) | !await FenceRedisAsync(step, plan, left, ct).ConfigureAwait(false))
        {
            var action = $"Before region '{from}' comes back: {string.Join("; ", left)}, so it takes no writes while '{to}' is active.";
            step.State[FailoverStateKeys.OperatorAction] = action;
            step.Details.Add(action);
            return false;
        }

        return true;
    }

    private async Task<bool> FenceDeploymentsAsync(FailoverStep step, bool plan, List<string> left, CancellationToken ct)
    {
        if (_source.Kubernetes is not { } settings)
        {
            step.Details.Add($"Kubernetes of '{from}' is not in the environment file: its Deployments are not scaled.");
            left.Add($"scale the application Deployments of '{from}' to 0");
            return false;
        }

        try
        {
            using var workloads = backends.Kubernetes(settings.ToTarget(), SourceDeadlines);
            foreach (var name in await workloads.ListDeploymentsAsync(ct).ConfigureAwait(false))
            {
                var replicas = await workloads.ReadDeploymentScaleAsync(name, ct).ConfigureAwait(false);
                if (replicas == 0)
                {
                    step.Details.Add($"Deployment {settings.Namespace}/{name} is already at 0.");
                    continue;
                }

                if (plan)
                {
                    step.Details.Add($"Would scale Deployment {settings.Namespace}/{name} from {replicas} to 0.");
                    continue;
                }

                // Recorded before the change: a failback scales each back to what it was.
                step.State[FailoverStateKeys.DeploymentPrefix + name] = replicas.ToString(CultureInfo.InvariantCulture);
                await workloads.ScaleDeploymentAsync(name, 0, ct).ConfigureAwait(false);
                step.Details.Add($"Scaled Deployment {settings.Namespace}/{name} from {replicas} to 0.");
            }

            return true;
        }
        catch (DrException ex) when (Unreachable(ex))
        {
            step.Details.Add($"Kubernetes of '{from}' cannot be reached ({ex.ErrorId}): its Deployments are not fenced.");
            left.Add($"scale the Deployments in {settings.Namespace} to 0 (kubectl -n {settings.Namespace} scale deployment --all --replicas=0)");
            return false;
        }
    }

    private async Task<bool> FenceRedisAsync(FailoverStep step, bool plan, List<string> left, CancellationToken ct)
    {
        if (_source.Redis is not { } settings)
        {
            step.Details.Add($"Redis of '{from}' is not in the environment file: it is not fenced.");
            left.Add($"make the Redis of '{from}' refuse writes");
            return false;
        }

        if (_sourceRedisSilent is { } silent)
        {
            step.Details.Add($"Redis {settings.Endpoint} of '{from}' did not answer earlier in this run ({silent}): it is not fenced.");
            left.Add($"make Redis {settings.Endpoint} a replica of the active one (REPLICAOF) or refuse writes (CONFIG SET min-replicas-to-write 99)");
            return false;
        }

        try
        {
            var endpoint = RedisOf(_source, SourceDeadlines);
            await using var redis = await backends.ConnectRedisAsync(endpoint, ct).ConfigureAwait(false);
            var info = await redis.InfoAsync(ct).ConfigureAwait(false);
            // min-replicas-to-write above the number of replicas it has: every write fails with NOREPLICAS.
            var replicas = info.Long("connected_slaves") ?? 0;
            var fence = (replicas + 1).ToString(CultureInfo.InvariantCulture);
            var before = await redis.GetConfigAsync("min-replicas-to-write", ct).ConfigureAwait(false) ?? "0";
            if (plan)
            {
                step.Details.Add($"Would set min-replicas-to-write {fence} on Redis {settings.Endpoint} (now {before}; it has {replicas} replica(s)), so it refuses writes.");
                return true;
            }

            step.State[FailoverStateKeys.RedisMinReplicasBefore] = before;
            await redis.SetConfigAsync("min-replicas-to-write", fence, ct).ConfigureAwait(false);
            step.Details.Add($"Redis {settings.Endpoint} refuses writes: min-replicas-to-write {fence} (was {before}).");
            return true;
        }
        catch (DrException ex) when (Unreachable(ex))
        {
            _sourceRedisSilent = ex.ErrorId;
            step.Details.Add($"Redis {settings.Endpoint} of '{from}' cannot be reached ({ex.ErrorId}): it is not fenced.");
            left.Add($"make Redis {settings.Endpoint} a replica of the active one (REPLICAOF) or refuse writes (CONFIG SET min-replicas-to-write 99)");
            return false;
        }
    }
}
