using System.Globalization;
using PubSec.Dr.Backups.Leases;

namespace PubSec.Dr.Backups.Catalog;

/// <summary>
/// A backup folder that holds parts but no manifest, and that no live writer or deleter holds: an interrupted or
/// damaged backup, or one whose manifest was deleted. It is not listed; the catalog reports it so a backup never
/// vanishes from a listing without a word.
/// </summary>
public sealed record AbandonedBackupFolder(string Store, string Folder, int ObjectCount, long Bytes, DateTime LastWrittenUtc, FoundLease? DeadHolder)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"The backup folder {Folder} in {Store} holds {ObjectCount} object(s) ({Bytes} bytes, last written {LastWrittenUtc:yyyy-MM-dd HH:mm:ss}Z) but no manifest: parts without a manifest: an interrupted or damaged backup; it is not listed. ")
        + (DeadHolder is { } dead
            ? $"It was left by a run that is gone ({dead.Describe()}); the next backup of the same collection or name removes it."
            : "No run holds it. If a backup was listed here before, its manifest was deleted: find out by whom (retention deletes the parts with it). Otherwise delete the folder once you know why it is there.");

    /// <summary>
    /// The folder as an abandoned backup, or null: it has a manifest, has no object besides leases, a live lease holds
    /// it, or (with no lease at all, as a writer of an older module version leaves) it was written to less than
    /// <paramref name="quietFor"/> ago and may still be in flight.
    /// </summary>
    internal static AbandonedBackupFolder? From(ScannedFolder folder, string store, DateTime now, TimeSpan quietFor)
    {
        var segments = folder.Folder.TrimEnd('/').Split('/');
        if (folder.Manifest is not null || folder.Objects.Count == 0 || segments.Length != 3 || folder.Leases.Any(l => l.IsLive))
        {
            return null;
        }

        var lastWritten = folder.Objects.Max(o => o.LastModifiedUtc);
        var dead = folder.Leases.FirstOrDefault();
        if (dead is null && now - lastWritten < quietFor)
        {
            return null;
        }

        return new AbandonedBackupFolder(store, folder.Folder, folder.Objects.Count, folder.Objects.Sum(o => o.Size), lastWritten, dead);
    }
}
