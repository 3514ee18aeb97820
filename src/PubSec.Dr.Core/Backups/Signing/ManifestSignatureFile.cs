using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Signing;

/// <summary>
/// Where a manifest's detached signature lives: manifest.json.p7s beside manifest.json, DER-encoded CMS SignedData.
/// It is written before the manifest, which stays the commit point: a backup is listed only once its manifest
/// exists, and by then its signature is already in place.
/// </summary>
public static class ManifestSignatureFile
{
    public const string Suffix = ".p7s";

    public static string KeyOf(string manifestKey) => StoreKey.Validate(manifestKey + Suffix);

    /// <summary>
    /// Writes <paramref name="signature"/>, or with none removes a signature left from an earlier write of this
    /// manifest key (a re-run copy), so a folder never pairs a manifest with a signature this write did not make.
    /// </summary>
    public static async Task WriteAsync(IBackupStore store, string manifestKey, byte[]? signature, CancellationToken ct)
    {
        var key = KeyOf(manifestKey);
        if (signature is null)
        {
            if (await store.GetInfoAsync(key, ct).ConfigureAwait(false) is not null)
            {
                await store.DeleteAsync(key, ct).ConfigureAwait(false);
            }

            return;
        }

        await using var upload = await store.BeginUploadAsync(key, ct).ConfigureAwait(false);
        await upload.Content.WriteAsync(signature, ct).ConfigureAwait(false);
        await upload.CompleteAsync(ct).ConfigureAwait(false);
    }
}
