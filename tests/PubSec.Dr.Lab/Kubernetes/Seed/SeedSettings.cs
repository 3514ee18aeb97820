namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>What the first start takes from the lab: Qdrant node count (= replicas), version (= image tag), API key (= a Secret).</summary>
internal sealed record SeedSettings(int Replicas, string QdrantVersion, string? QdrantApiKey, string PodManagementPolicy)
{
    public string QdrantImage => $"docker.io/qdrant/qdrant:v{QdrantVersion}";
}
