namespace PubSec.Dr.Lab.Hosting;

/// <summary>The command line: <c>--data DIR [--nodes N] [--api-key K] [--read-only-api-key K] [--version V] [--wal-padding-bytes N]
/// [--pod-management-policy P] [--pod-startup-ms N] [--pod-termination-ms N] [--region NAME] [--app-address A] [--app-port P]
/// [--app-redis HOST:PORT] [--app-redis-password-file PATH] [--app-collection C]</c>.</summary>
internal sealed record LabOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>Null means "as persisted in cluster.json, else 3".</summary>
    public int? Nodes { get; init; }

    public string? ApiKey { get; init; }

    public string? ReadOnlyApiKey { get; init; }

    public string Version { get; init; } = "1.19.0";

    public long WalPaddingBytes { get; init; }

    /// <summary>How long a shard transfer stays listed in shard_transfers; tests may shorten it.</summary>
    public TimeSpan TransferDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Pacing and pod management policy of the emulated Kubernetes cluster (Kubernetes/).</summary>
    public Kubernetes.KubernetesOptions Kubernetes { get; init; } = new();

    /// <summary>The region this process emulates and its application stub (Application/); no stub when the port is 0.</summary>
    public Application.AppOptions App { get; init; } = new();
}
