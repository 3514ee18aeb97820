using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Snapshots;

/// <summary>
/// Moves a finished archive into its snapshot folder the way Qdrant does: the sidecar checksum is written
/// first, then the archive is renamed into place, so a listed snapshot is always complete and a same-second
/// snapshot of the same name replaces the older one.
/// </summary>
internal static class SnapshotPublisher
{
    public static SnapshotDescription Publish(string builtArchive, string directory, string name)
    {
        var target = Path.Combine(Directory.CreateDirectory(directory).FullName, name);
        AtomicFile.WriteAllText(target + SnapshotNaming.ChecksumExtension, Sha256File.Compute(builtArchive));
        File.Move(builtArchive, target, overwrite: true);
        return SnapshotCatalog.Describe(target);
    }

    /// <summary>A private folder under storage/tmp for building one archive (Qdrant's "&lt;name&gt;-arc-XXXX").</summary>
    public static string WorkDirectory(string storageTemp, string name) =>
        Directory.CreateDirectory(Path.Combine(storageTemp, $"{name}-arc-{Guid.NewGuid().ToString("N")[..8]}")).FullName;
}
