using System.Text.Json.Nodes;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>What was read from a namespace: the cleaned objects in restore order, Secrets apart, and what was skipped.</summary>
public sealed record ConfigSnapshot(IReadOnlyList<JsonObject> Objects, IReadOnlyList<JsonObject> Secrets, IReadOnlyList<KubernetesConfigSkip> Skipped)
{
    /// <summary>Objects per kind, Secrets included.</summary>
    public Dictionary<string, int> Counts() => Objects.Concat(Secrets)
        .GroupBy(o => o["kind"]!.GetValue<string>())
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
