using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Kubernetes.Config;

/// <summary>
/// Reads a configuration backup's objects back from its store: config.yaml, and secrets.yaml decrypted with a key
/// from the ring. The manifest is read again from the store first (it must say what the backup object says and its
/// signature must verify, by a trusted signer when one is required), and each part's plaintext must hash to the
/// manifest's SHA-256 before anything of it is applied.
/// </summary>
public static class ConfigBackupReader
{
    public static async Task<IReadOnlyList<JsonObject>> ReadAsync(KubernetesConfigBackup backup, IBackupStore store, DecryptionKeyRing keys,
        IEnumerable<X509Certificate2>? trustedSigners, CancellationToken ct)
    {
        if (backup.Status != BackupStatus.Succeeded)
        {
            throw new DrException(ErrorIds.RestoreBackupNotUsable, DrErrorCategory.InvalidData,
                $"The configuration backup {backup.Id} is {backup.Status}: {string.Join(" ", backup.Problems)}",
                "Pick a Succeeded backup: Get-DrBackup -Store <store> -Kind KubernetesConfig.", backup.Id);
        }

        await ManifestGate.RequireAsync(backup, store, trustedSigners, ct).ConfigureAwait(false);
        // Every key first: a restore must not apply the configuration and then find it cannot open the Secrets.
        keys.EnsureAvailable(backup);
        var objects = new List<JsonObject>();
        foreach (var part in backup.Parts)
        {
            var stored = await store.OpenReadAsync(part.Key, ct).ConfigureAwait(false);
            Stream content = part.Encryption is null ? stored : keys.Open(part, stored);
            await using (content.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await content.CopyToAsync(buffer, ct).ConfigureAwait(false);
                var bytes = buffer.ToArray();
                var sha = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
                if (!string.Equals(sha, part.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new DrException(ErrorIds.BackupChecksumMismatch, DrErrorCategory.InvalidData,
                        $"The part {part.Key} hashes to {sha}; the manifest recorded {part.Sha256}. Nothing was applied.",
                        "Check the backup with Test-BackupIntegrity -Level Full and restore another one.", part.Key);
                }

                objects.AddRange(ConfigYaml.Parse(Encoding.UTF8.GetString(bytes), part.Key));
            }
        }

        return objects;
    }
}
