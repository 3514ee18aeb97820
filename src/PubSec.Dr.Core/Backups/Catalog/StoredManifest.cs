using System.Text.Json.Nodes;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Catalog;

/// <summary>
/// A manifest as the store holds it now: its exact bytes, its detached signature (manifest.json.p7s) when there is
/// one, and the backup they describe. Checks, copies and restores act on this, never on a backup object obtained
/// earlier in a pipeline: the store may have changed since (issue 9, item 5), and a signature proves only the
/// bytes it was made over.
/// </summary>
public sealed class StoredManifest
{
    /// <summary>Far above any real manifest (samples and golden queries included), low enough that a hostile object cannot exhaust memory.</summary>
    public const int MaxBytes = 64 << 20;

    private StoredManifest(string key, byte[] json, byte[]? signature, DrBackup backup)
    {
        Key = key;
        Json = json;
        Signature = signature;
        Backup = backup;
    }

    public string Key { get; }

    public string SignatureKey => ManifestSignatureFile.KeyOf(Key);

    /// <summary>The manifest's bytes exactly as stored (what a signature covers and a copy reproduces).</summary>
    public byte[] Json { get; }

    /// <summary>The DER signature beside the manifest, or null when it has none (or it was not read).</summary>
    public byte[]? Signature { get; }

    /// <summary>The backup the stored manifest describes, with its Store and ManifestKey set.</summary>
    public DrBackup Backup { get; }

    /// <summary>Reads the manifest (and, unless told otherwise, its signature); BackupManifestMissing when it is not there, BackupManifestInvalid when unreadable.</summary>
    public static async Task<StoredManifest> ReadAsync(IBackupStore store, string key, CancellationToken ct, bool withSignature = true)
    {
        var json = await TryReadAsync(store, key, ct).ConfigureAwait(false) ?? throw Missing(store, key);
        var backup = await ManifestJson.DeserializeAsync(new MemoryStream(json, writable: false), key, ct).ConfigureAwait(false);
        backup.ManifestKey = key;
        backup.Store = store;
        var signature = withSignature ? await TryReadAsync(store, ManifestSignatureFile.KeyOf(key), ct).ConfigureAwait(false) : null;
        return new StoredManifest(key, json, signature, backup);
    }

    /// <summary>Whether <paramref name="backup"/> says exactly what the stored manifest says (every member a manifest holds).</summary>
    public bool Matches(DrBackup backup) => ManifestJson.Serialize(backup).AsSpan().SequenceEqual(ManifestJson.Serialize(Backup));

    /// <summary>The manifest members whose values differ between the stored manifest and <paramref name="backup"/>.</summary>
    public IReadOnlyList<string> DifferencesFrom(DrBackup backup)
    {
        var stored = JsonNode.Parse(ManifestJson.Serialize(Backup))!.AsObject();
        var given = JsonNode.Parse(ManifestJson.Serialize(backup))!.AsObject();
        return stored.Select(p => p.Key).Union(given.Select(p => p.Key))
            .Where(name => !JsonNode.DeepEquals(stored[name], given[name])).ToList();
    }

    /// <summary>Verifies the signature over the stored bytes (see <see cref="ManifestSignatureVerifier"/>).</summary>
    public ManifestSignature? VerifySignature(ManifestSignatureVerifier verifier) => verifier.Verify(Json, Signature, Backup.Id, SignatureKey);

    public DrException Changed(DrBackup backup) => new(
        ErrorIds.BackupManifestChanged, DrErrorCategory.InvalidData,
        $"The manifest of backup {backup.Id} in {Backup.Store?.Location} ({Key}) is not the one this backup object was read from: {string.Join(", ", DifferencesFrom(backup))} differ.",
        "Nothing was done with it. The manifest was rewritten after the backup was listed: list it again (Get-DrBackup -Id) and check it with Test-BackupIntegrity; if nobody rewrote it, treat the store as compromised.",
        backup.Id);

    private static DrException Missing(IBackupStore store, string key) => new(
        ErrorIds.BackupManifestMissing, DrErrorCategory.ObjectNotFound,
        $"The manifest {key} is not in the store {store.Location}: the backup was deleted or moved after it was listed, or the object names another store.",
        "Nothing was done with it. List the store again (Get-DrBackup); if nobody deleted the backup (retention, an operator), treat the store as compromised.",
        key);

    private static async Task<byte[]?> TryReadAsync(IBackupStore store, string key, CancellationToken ct)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(key, ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    throw new DrException(ErrorIds.BackupManifestInvalid, DrErrorCategory.InvalidData,
                        $"The object {key} is larger than {MaxBytes >> 20} MB, far more than any manifest or signature this module writes.",
                        "The backup it describes cannot be trusted; check who wrote it.", key);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.StoreObjectNotFound)
        {
            return null;
        }
    }
}
