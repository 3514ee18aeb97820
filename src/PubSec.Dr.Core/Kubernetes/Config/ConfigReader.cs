using System.Text.Json.Nodes;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// Reads every kind a rebuild needs from a namespace, applies the skip rules, cleans what is kept and orders it for
/// a restore. A kind the server does not serve (404 on its list) is recorded as skipped, not a failure: a cluster
/// without an Ingress controller's API or without batch/v1 still has a configuration worth keeping.
/// </summary>
public sealed class ConfigReader(IKubernetesObjects kubernetes, IOperationLog log)
{
    public bool ExcludeSecrets { get; init; }

    public async Task<ConfigSnapshot> ReadAsync(CancellationToken ct)
    {
        var objects = new List<JsonObject>();
        var secrets = new List<JsonObject>();
        var skipped = new List<KubernetesConfigSkip>();
        foreach (var type in ConfigResourceTypes.InRestoreOrder.Concat(ConfigResourceTypes.ListedForSkips))
        {
            var items = await kubernetes.ListAsync(type, ct).ConfigureAwait(false);
            if (items is null)
            {
                skipped.Add(new KubernetesConfigSkip { Kind = type.Kind, Reason = $"the API server does not serve {type.ApiVersion} {type.Plural} (404)" });
                log.Verbose($"{type}: not served by the API server; recorded as skipped.");
                continue;
            }

            var kept = 0;
            foreach (var item in items.OrderBy(ConfigSkipRules.NameOf, StringComparer.Ordinal))
            {
                var reason = ConfigSkipRules.ReasonToSkip(type, item)
                    ?? (ExcludeSecrets && type == ConfigResourceTypes.Secrets ? "left out by -ExcludeSecrets" : null);
                if (reason is not null)
                {
                    skipped.Add(new KubernetesConfigSkip { Kind = type.Kind, Name = ConfigSkipRules.NameOf(item), Reason = reason });
                    continue;
                }

                (type == ConfigResourceTypes.Secrets ? secrets : objects).Add(ConfigObjectCleaner.Clean(item, type));
                kept++;
            }

            log.Verbose($"{type}: {items.Count} listed, {kept} kept.");
        }

        return new ConfigSnapshot(objects, secrets, skipped);
    }
}
