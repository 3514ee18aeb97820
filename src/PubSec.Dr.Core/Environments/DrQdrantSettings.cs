namespace PubSec.Dr.Environments;

/// <summary>A region's Qdrant: every node's REST URI, the gRPC endpoint, and the variable that holds the API key.</summary>
public sealed record DrQdrantSettings(IReadOnlyList<Uri> Rest, Uri? Grpc, string? ApiKeyVariable)
{
    /// <summary>The API key from its variable (null when none is named: a cluster without a key).</summary>
    public string? ApiKey() => EnvironmentVariables.Read(ApiKeyVariable, "the Qdrant API key");
}
