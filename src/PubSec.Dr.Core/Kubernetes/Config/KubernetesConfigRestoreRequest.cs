using PubSec.Dr.Backups.Encryption;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>What Restore-DrKubernetesConfig asks for: the backup, where to apply it, and the keys for its Secrets.</summary>
public sealed class KubernetesConfigRestoreRequest
{
    public required KubernetesConfigBackup Backup { get; init; }

    /// <summary>Where to apply it; its Namespace may differ from the backup's.</summary>
    public required KubernetesNamespaceTarget Target { get; init; }

    public required DecryptionKeyRing Keys { get; init; }

    /// <summary>Signers one of which must have signed the manifest, besides the store's own.</summary>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> TrustedSigners { get; init; } = [];

    /// <summary>-WhatIf: confirm is also asked for objects left unchanged, so the preview lists every object.</summary>
    public bool Preview { get; init; }
}
