using PubSec.Dr.Backups.Encryption;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>What Restore-DrKubernetesConfig asks for: the backup, where to apply it, and the keys for its Secrets.</summary>
public sealed class KubernetesConfigRestoreRequest
{
    public required KubernetesConfigBackup Backup { get; init; }

    /// <summary>Where to apply it; its Namespace may differ from the backup's.</summary>
    public required KubernetesNamespaceTarget Target { get; init; }

    public required DecryptionKeyRing Keys { get; init; }

    /// <summary>-WhatIf: confirm is also asked for objects left unchanged, so the preview lists every object.</summary>
    public bool Preview { get; init; }
}
