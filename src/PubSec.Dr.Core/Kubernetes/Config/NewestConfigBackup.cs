using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// The configuration backup a rebuild applies: the newest one of a namespace in a store that passes Full integrity
/// (or the one with a given id, when a resumed run already chose it). Shared by a failover's rebuild and the rebuild drill.
/// </summary>
public static class NewestConfigBackup
{
    public static async Task<(KubernetesConfigBackup? Backup, int Candidates)> FindAsync(IBackupStore store, string ns, string? id, DecryptionKeyRing keys,
        IReadOnlyList<X509Certificate2> trustedSigners, IOperationLog log, CancellationToken ct)
    {
        var query = id is not null ? new BackupQuery(Id: id) : new BackupQuery();
        var candidates = (await new BackupCatalog(store).ListAsync(query, ct).ConfigureAwait(false)).OfType<KubernetesConfigBackup>()
            .Where(b => id is not null || b.Namespace == ns).ToList();
        var checker = new IntegrityChecker(store, log) { Decryption = keys, TrustedSigners = trustedSigners };
        var good = await new NewestGoodBackupFinder(checker, IntegrityLevel.Full, log) { RequiredKeys = keys }
            .NewestGoodAsync(candidates, $"configuration of {ns}", null, ct).ConfigureAwait(false);
        return (good as KubernetesConfigBackup, candidates.Count);
    }
}
