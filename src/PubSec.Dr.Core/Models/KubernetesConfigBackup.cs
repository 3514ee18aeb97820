using System.Text.Json.Serialization;

namespace PubSec.Dr;

/// <summary>
/// A backup of the configuration objects of one Kubernetes namespace (plan 1.3): <c>config.yaml</c>, every object
/// but Secrets as one multi-document YAML, and <c>secrets.yaml</c>, the Secrets, always CMS-encrypted. Serialized
/// as the manifest, written last.
/// </summary>
public sealed class KubernetesConfigBackup : DrBackup
{
    public const string KindName = "KubernetesConfig";

    public override string Kind => KindName;

    /// <summary>The namespace backed up; backups are grouped and stored under it.</summary>
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The kubeconfig context used (null: the kubeconfig's current context or in-cluster).</summary>
    public string? Context { get; set; }

    /// <summary>The API server's address (never credentials).</summary>
    public string Server { get; set; } = string.Empty;

    /// <summary>Objects stored per kind (Secrets included when they are in the encrypted part).</summary>
    public Dictionary<string, int> ObjectCounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What was not backed up and why (objects owned by controllers, kinds the server does not serve, excluded Secrets).</summary>
    public KubernetesConfigSkip[] Skipped { get; set; } = [];

    /// <summary>Whether Secrets were left out on purpose (-ExcludeSecrets).</summary>
    public bool SecretsExcluded { get; set; }

    public BackupPart[] Parts { get; set; } = [];

    [JsonIgnore]
    public int ObjectCount => ObjectCounts.Values.Sum();

    [JsonIgnore]
    public override IReadOnlyList<BackupPart> AllParts => Parts;

    [JsonIgnore]
    public override string Source => Namespace;
}
