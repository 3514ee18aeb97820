using System.Diagnostics;
using System.Text.Json.Nodes;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// Waits until every Deployment and StatefulSet in a namespace has as many ready replicas as it asks for: a
/// namespace just rebuilt from a configuration backup (a failover's rebuild, a rebuild drill) is usable only then.
/// </summary>
public sealed class WorkloadReadiness(IKubernetesObjects objects)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The workloads as "Kind/name ready/wanted" once all are ready, and how long that took; FailoverWorkloadsNotReady after <see cref="Timeout"/>.</summary>
    public async Task<(IReadOnlyList<string> Ready, TimeSpan Waited)> WaitAsync(string where, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ready = new List<string>();
            var waiting = new List<string>();
            foreach (var type in new[] { ConfigResourceTypes.Deployments, ConfigResourceTypes.StatefulSets })
            {
                foreach (var item in await objects.ListAsync(type, ct).ConfigureAwait(false) ?? [])
                {
                    var wanted = Int(item["spec"]?["replicas"]) ?? 1;
                    var have = Int(item["status"]?["readyReplicas"]) ?? 0;
                    (have >= wanted ? ready : waiting).Add($"{type.Kind}/{item["metadata"]?["name"]} {have}/{wanted}");
                }
            }

            if (waiting.Count == 0)
            {
                return (ready, clock.Elapsed);
            }

            if (clock.Elapsed >= Timeout)
            {
                throw new DrException(ErrorIds.FailoverWorkloadsNotReady, DrErrorCategory.OperationTimeout,
                    $"Workloads of {objects.Target.Namespace} in {where} not ready within {Timeout.TotalMinutes:0.#} min: {string.Join(", ", waiting)}.",
                    $"Look at their pods (kubectl -n {objects.Target.Namespace} get pods, describe); run the same command again to keep waiting.", objects.Target.Namespace);
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
