namespace PubSec.Dr.Kubernetes;

/// <summary>What a volume reset needs to know of a StatefulSet: its size, its claim templates and its pod selector.</summary>
public sealed record StatefulSetShape(string Name, int Replicas, IReadOnlyList<string> ClaimTemplates, string Selector)
{
    /// <summary>
    /// The claims of replicas 0..Replicas-1 in ordinal order: <c>{template}-{set}-{ordinal}</c>, the name the
    /// StatefulSet controller gives them (reference kubernetes.md §2.5).
    /// </summary>
    public IReadOnlyList<string> Claims =>
        Enumerable.Range(0, Replicas).SelectMany(i => ClaimTemplates.Select(t => $"{t}-{Name}-{i}")).ToList();
}
