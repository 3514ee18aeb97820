using System.Globalization;

namespace PubSec.Dr.Lab.Snapshots;

/// <summary>Snapshot file names: <c>{collection}-{peer_id}-{YYYY-MM-DD-HH-MM-SS}.snapshot</c> in UTC (§5.2).</summary>
internal static class SnapshotNaming
{
    public const string Extension = ".snapshot";
    public const string ChecksumExtension = ".checksum";

    public static string ForCollection(string collection, ulong peerId, DateTime utcNow) =>
        $"{collection}-{peerId}-{utcNow.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture)}{Extension}";

    /// <summary>An uploaded file keeps its own name, stripped of path parts and characters no file name may hold; a UUID if nothing is left.</summary>
    public static string SanitizeUploadName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        var invalid = Path.GetInvalidFileNameChars().Concat(['<', '>', ':', '"', '|', '?', '*']).ToHashSet();
        name = new string(name.Where(c => !invalid.Contains(c) && !char.IsControl(c)).ToArray()).Trim();
        return name.Length == 0 || name.Trim('.').Length == 0 ? Guid.NewGuid().ToString() : name;
    }
}
