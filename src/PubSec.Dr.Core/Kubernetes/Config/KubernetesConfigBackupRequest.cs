using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Leases;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>What Backup-DrKubernetesConfig asks for: the namespace, who may read its Secrets, and how to sign.</summary>
public sealed class KubernetesConfigBackupRequest
{
    public required KubernetesNamespaceTarget Target { get; init; }

    /// <summary>Recipients of the encrypted Secrets part; required unless <see cref="ExcludeSecrets"/>.</summary>
    public IReadOnlyCollection<X509Certificate2> EncryptionCertificates { get; init; } = [];

    /// <summary>Leave Secrets out (recorded as skipped) instead of encrypting them.</summary>
    public bool ExcludeSecrets { get; init; }

    public X509Certificate2? SigningCertificate { get; init; }

    public LeaseTiming? LeaseTiming { get; init; }
}
