using System.Text;
using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// "Back up this namespace's configuration" (plan 1.3) as one operation: refuse to store Secrets without a
/// recipient certificate, ask <c>confirm(target, action)</c>, read and clean every object (<see cref="ConfigReader"/>),
/// then store two parts through <see cref="BackupWrite"/>: config.yaml in clear (no Secret, not even base64) and
/// secrets.yaml as CMS EnvelopedData for the recipients (what <c>openssl cms -decrypt -inform DER</c> opens).
/// The manifest records the namespace, context, server, counts per kind and the skipped list.
/// </summary>
public sealed class KubernetesConfigBackupEngine(IKubernetesObjectsConnector kubernetes, IBackupStore store, IOperationLog log)
{
    public Network.NetworkDeadlines? Deadlines { get; init; }

    /// <summary>The backup taken, or null when not confirmed.</summary>
    public async Task<KubernetesConfigBackup?> BackupAsync(KubernetesConfigBackupRequest request, Func<string, string, bool> confirm, CancellationToken ct)
    {
        // Checked before anything is read: a backup that would have to drop or expose Secrets must not start.
        var encryptor = Encryptor(request);
        var signer = request.SigningCertificate is null ? null : new ManifestSigner(request.SigningCertificate);
        var ns = request.Target.Namespace;
        var secrets = request.ExcludeSecrets ? "without Secrets" : $"with Secrets encrypted for {request.EncryptionCertificates.Count} certificate(s)";
        if (!confirm(ns, $"back up the configuration of namespace '{ns}' ({secrets}) into {store.Location}"))
        {
            return null;
        }

        using var connection = kubernetes.KubernetesObjects(request.Target, Deadlines);
        var started = DateTime.UtcNow;
        var id = BackupLayout.NewId(started);
        await using var write = await BackupWrite.BeginAsync(store, BackupWriteTarget.KubernetesConfig(ns, id, started), log, ct, request.LeaseTiming)
            .ConfigureAwait(false);
        var snapshot = await new ConfigReader(connection, log) { ExcludeSecrets = request.ExcludeSecrets }.ReadAsync(ct).ConfigureAwait(false);

        var parts = new List<BackupPart>
        {
            await StoreAsync(write, BackupLayout.KubernetesConfigPart, ConfigYaml.Serialize(snapshot.Objects), null, ct).ConfigureAwait(false),
        };
        if (encryptor is not null && snapshot.Secrets.Count > 0)
        {
            parts.Add(await StoreAsync(write, BackupLayout.KubernetesSecretsPart, ConfigYaml.Serialize(snapshot.Secrets), encryptor, ct).ConfigureAwait(false));
        }

        var backup = new KubernetesConfigBackup
        {
            Id = id,
            Namespace = ns,
            Context = connection.Context,
            Server = connection.Server,
            ObjectCounts = snapshot.Counts(),
            Skipped = [.. snapshot.Skipped],
            SecretsExcluded = request.ExcludeSecrets,
            Parts = [.. parts],
            StartedAt = started,
            Status = BackupStatus.Succeeded,
            CompletedAt = DateTime.UtcNow,
        };
        await write.CommitAsync(backup, signer, ct).ConfigureAwait(false);
        log.Verbose($"Configuration backup {id} of {ns}: {backup.ObjectCount} object(s) ({snapshot.Secrets.Count} Secret(s), encrypted), {backup.Skipped.Length} skipped.");
        return backup;
    }

    private static PartEncryptor? Encryptor(KubernetesConfigBackupRequest request)
    {
        if (request.EncryptionCertificates.Count > 0)
        {
            return new PartEncryptor(request.EncryptionCertificates);
        }

        return request.ExcludeSecrets ? null : throw new DrException(ErrorIds.KubernetesConfigSecretsNeedCertificate, DrErrorCategory.InvalidArgument,
            $"The configuration backup of '{request.Target.Namespace}' would hold its Secrets, and Secrets are never stored in clear; no -EncryptionCertificate was given.",
            "Give -EncryptionCertificate (a certificate whose private key the restore will have), or -ExcludeSecrets to back up everything but the Secrets.",
            request.Target.Namespace);
    }

    // The part is hashed in the same pass that writes it; an encrypted part is measured on both sides of the envelope.
    private static async Task<BackupPart> StoreAsync(BackupWrite write, string name, string yaml, PartEncryptor? encryptor, CancellationToken ct)
    {
        var key = StoreKey.Validate(write.Target.Prefix + name);
        var (copied, stored) = await write.StorePartAsync(key, async (destination, token) =>
        {
            using var source = new MemoryStream(Encoding.UTF8.GetBytes(yaml), writable: false);
            using var encrypting = encryptor?.Open(destination);
            var copy = await StreamCopier.CopyAsync(source, (Stream?)encrypting ?? destination, TransferMeter.None, token).ConfigureAwait(false);
            return (copy, encrypting is null ? null : await encrypting.CompleteAsync(token).ConfigureAwait(false));
        }, ct).ConfigureAwait(false);
        return new BackupPart
        {
            Key = key,
            Size = copied.Bytes,
            Sha256 = copied.Sha256,
            StoredSize = stored?.Bytes,
            StoredSha256 = stored?.Sha256,
            Encryption = encryptor?.DescribePart(),
        };
    }
}
