using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Snapshots;

/// <summary>The snapshot files of one collection folder: listing (unsorted, like the filesystem), lookup, deletion.</summary>
internal static class SnapshotCatalog
{
    public static IReadOnlyList<SnapshotDescription> List(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*" + SnapshotNaming.Extension).Select(Describe).ToList()
            : [];

    public static SnapshotDescription Describe(string path)
    {
        var file = new FileInfo(path);
        var sidecar = path + SnapshotNaming.ChecksumExtension;
        var checksum = File.Exists(sidecar) ? File.ReadAllText(sidecar).Trim() : null;
        return new SnapshotDescription(file.Name, TruncateToSecond(file.CreationTimeUtc), file.Length, checksum);
    }

    /// <summary>The path of a snapshot by name; anything that is not a plain file name in this folder is "not found" (no traversal).</summary>
    public static string Resolve(string directory, string name)
    {
        if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw QdrantException.SnapshotNotFound(name);
        }

        var path = Path.Combine(directory, name);
        return File.Exists(path) ? path : throw QdrantException.SnapshotNotFound(name);
    }

    /// <summary>Removes the snapshot and its sidecar (a missing sidecar is fine).</summary>
    public static void Delete(string directory, string name)
    {
        var path = Resolve(directory, name);
        File.Delete(path);
        File.Delete(path + SnapshotNaming.ChecksumExtension);
    }

    private static DateTime TruncateToSecond(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
