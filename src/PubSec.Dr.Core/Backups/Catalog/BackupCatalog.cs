using System.Runtime.CompilerServices;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Catalog;

/// <summary>
/// The list of backups in a store, read from their manifests. Parts without a manifest (an interrupted
/// backup) are never listed; a listener of <see cref="AbandonedFolder"/> hears about them.
/// </summary>
public sealed class BackupCatalog
{
    private readonly IBackupStore _store;

    public BackupCatalog(IBackupStore store) => _store = store;

    /// <summary>Raised for a manifest that cannot be read; the listing goes on without it.</summary>
    public event Action<DrException>? UnreadableManifest;

    /// <summary>When set, every manifest this catalog writes is signed first (manifest.json.p7s).</summary>
    public ManifestSigner? Signer { get; init; }

    /// <summary>
    /// Raised for a backup folder with parts but no manifest that no live lease holds; it is not listed. Only when
    /// someone listens are leases read for it.
    /// </summary>
    public event Action<AbandonedBackupFolder>? AbandonedFolder;

    /// <summary>
    /// How long a folder without a manifest and without any lease must have been left alone before it is reported:
    /// this module's writers hold a lease, but a writer of an older version does not, and may be mid-upload.
    /// </summary>
    public TimeSpan AbandonedAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Every matching backup, newest first.</summary>
    public async Task<IReadOnlyList<DrBackup>> ListAsync(BackupQuery query, CancellationToken cancellationToken)
    {
        var found = new List<DrBackup>();
        await foreach (var backup in ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Matches(backup, query))
            {
                found.Add(backup);
            }
        }

        return found.OrderByDescending(b => b.StartedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The backups of a listing that match a query, in the listing's order.</summary>
    public static IEnumerable<DrBackup> Filter(IEnumerable<DrBackup> backups, BackupQuery query) => backups.Where(b => Matches(b, query));

    public Task WriteManifestAsync(DrBackup backup, string manifestKey, CancellationToken cancellationToken) =>
        WriteManifestAsync(backup, manifestKey, ManifestJson.Serialize(backup), signature: null, cancellationToken);

    /// <summary>
    /// Writes a manifest of exactly <paramref name="json"/> (a copy keeps the source's bytes, so its signature still
    /// holds), with <paramref name="signature"/> beside it, else one made by <see cref="Signer"/>, else none.
    /// </summary>
    public async Task WriteManifestAsync(DrBackup backup, string manifestKey, byte[] json, byte[]? signature, CancellationToken cancellationToken)
    {
        await StoredPartsCheck.EnsureStoredAsync(_store, backup, manifestKey, cancellationToken).ConfigureAwait(false);
        // The signature goes before the manifest, which stays the commit point.
        var signed = signature ?? Signer?.Sign(json);
        await ManifestSignatureFile.WriteAsync(_store, manifestKey, signed, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var upload = await _store.BeginUploadAsync(manifestKey, cancellationToken).ConfigureAwait(false);
            await upload.Content.WriteAsync(json, cancellationToken).ConfigureAwait(false);
            await upload.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (signed is not null)
        {
            // The writers delete their parts when the manifest fails; a signature alone would be an orphan in the folder.
            await StoreCleanup.DeleteQuietlyAsync(_store, [ManifestSignatureFile.KeyOf(manifestKey)], log: null).ConfigureAwait(false);
            throw;
        }

        backup.ManifestKey = manifestKey;
        backup.Store = _store;
    }

    private async IAsyncEnumerable<DrBackup> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var root in BackupLayout.Roots)
        {
        var seen = AbandonedFolder is null ? null : new List<StoreObjectInfo>();
        await foreach (var item in _store.ListAsync(root, cancellationToken).ConfigureAwait(false))
        {
            seen?.Add(item);
            if (!item.Key.EndsWith("/" + BackupLayout.ManifestName, StringComparison.Ordinal))
            {
                continue;
            }

            DrBackup backup;
            try
            {
                await using var stream = await _store.OpenReadAsync(item.Key, cancellationToken).ConfigureAwait(false);
                backup = await ManifestJson.DeserializeAsync(stream, item.Key, cancellationToken).ConfigureAwait(false);
            }
            catch (DrException ex)
            {
                UnreadableManifest?.Invoke(ex);
                continue;
            }

            backup.ManifestKey = item.Key;
            backup.Store = _store;
            yield return backup;
        }

        if (seen is not null)
        {
            await ReportAbandonedAsync(seen, cancellationToken).ConfigureAwait(false);
        }
        }
    }

    private async Task ReportAbandonedAsync(List<StoreObjectInfo> items, CancellationToken cancellationToken)
    {
        var folders = await FolderScan.GroupAsync(_store, items, f => f.Manifest is null && f.Objects.Count > 0, cancellationToken).ConfigureAwait(false);
        var now = DateTime.UtcNow;
        foreach (var folder in folders.OrderBy(f => f.Folder, StringComparer.Ordinal))
        {
            if (AbandonedBackupFolder.From(folder, _store.Location, now, AbandonedAfter) is { } abandoned)
            {
                AbandonedFolder?.Invoke(abandoned);
            }
        }
    }

    private static bool Matches(DrBackup backup, BackupQuery query)
    {
        if (query.Id is not null && !string.Equals(backup.Id, query.Id, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (query.Collections is { Count: > 0 } collections
            && !(backup is QdrantBackup q && collections.Contains(q.Collection, StringComparer.Ordinal)))
        {
            return false;
        }

        return (query.Since is null || backup.StartedAt >= query.Since.Value.ToUniversalTime())
            && (query.Before is null || backup.StartedAt < query.Before.Value.ToUniversalTime());
    }
}
