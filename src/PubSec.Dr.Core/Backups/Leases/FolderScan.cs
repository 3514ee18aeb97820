using PubSec.Dr.Backups;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Leases;

/// <summary>One backup folder as a listing found it: its manifest (if any), its leases and everything else.</summary>
public sealed class ScannedFolder(string folder)
{
    public string Folder { get; } = folder;

    public StoreObjectInfo? Manifest { get; set; }

    public List<FoundLease> Leases { get; } = [];

    /// <summary>Every object that is neither the manifest nor a lease: parts, signatures, anything placed by hand.</summary>
    public List<StoreObjectInfo> Objects { get; } = [];

    internal List<StoreObjectInfo> LeaseItems { get; } = [];
}

/// <summary>Groups a store listing by backup folder and reads the lease objects in it.</summary>
public static class FolderScan
{
    /// <summary>Every folder under <paramref name="prefix"/> that holds at least one object.</summary>
    public static async Task<IReadOnlyList<ScannedFolder>> ScanAsync(IBackupStore store, string prefix, CancellationToken ct)
    {
        var items = new List<StoreObjectInfo>();
        await foreach (var item in store.ListAsync(prefix, ct).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return await GroupAsync(store, items, _ => true, ct).ConfigureAwait(false);
    }

    /// <summary>Groups listed objects by folder; the leases of folders <paramref name="readLeases"/> accepts are read and judged.</summary>
    public static async Task<IReadOnlyList<ScannedFolder>> GroupAsync(IBackupStore store, IEnumerable<StoreObjectInfo> items,
        Func<ScannedFolder, bool> readLeases, CancellationToken ct)
    {
        var folders = new Dictionary<string, ScannedFolder>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var name = LeaseObjects.FolderOf(item.Key);
            if (!folders.TryGetValue(name, out var folder))
            {
                folders[name] = folder = new ScannedFolder(name);
            }

            if (item.Key.EndsWith("/" + BackupLayout.ManifestName, StringComparison.Ordinal))
            {
                folder.Manifest = item;
            }
            else if (LeaseObjects.IsLeaseKey(item.Key))
            {
                folder.LeaseItems.Add(item);
            }
            else
            {
                folder.Objects.Add(item);
            }
        }

        var now = DateTime.UtcNow;
        foreach (var folder in folders.Values.Where(f => f.LeaseItems.Count > 0 && readLeases(f)))
        {
            foreach (var item in folder.LeaseItems)
            {
                if (await LeaseObjects.ReadAsync(store, item, now, ct).ConfigureAwait(false) is { } lease)
                {
                    folder.Leases.Add(lease);
                }
            }
        }

        return folders.Values.ToList();
    }
}
