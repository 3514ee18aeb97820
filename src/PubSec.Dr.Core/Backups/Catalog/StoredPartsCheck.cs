using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Catalog;

/// <summary>
/// The last check before a manifest is written: every part the manifest names is in the store with the size it
/// records. A manifest is the promise "this backup is complete"; whatever happened to the parts since they were
/// written (a deleter that did not honour the lease, a hand, a lifecycle rule), that promise is checked, not assumed.
/// </summary>
internal static class StoredPartsCheck
{
    public static async Task EnsureStoredAsync(IBackupStore store, DrBackup backup, string manifestKey, CancellationToken ct)
    {
        var problems = new List<string>();
        foreach (var part in backup.AllParts)
        {
            var info = await store.GetInfoAsync(part.Key, ct).ConfigureAwait(false);
            if (info is null)
            {
                problems.Add($"{part.Key} is missing");
            }
            else if (info.Size != part.ExpectedStoredSize)
            {
                problems.Add($"{part.Key} has {info.Size} bytes instead of {part.ExpectedStoredSize}");
            }
        }

        if (problems.Count > 0)
        {
            throw new DrException(ErrorIds.ManifestPartsNotInStore, DrErrorCategory.ObjectNotFound,
                $"The backup {backup.Id} was not completed in {store.Location}: right before its manifest {manifestKey} was to be written, {string.Join("; ", problems)}. No manifest was written, so it is not listed.",
                "Something deleted or replaced the parts while the backup or copy ran (retention of another module version, a lifecycle rule, a hand). Find out what, then run it again.",
                backup.Id);
        }
    }
}
