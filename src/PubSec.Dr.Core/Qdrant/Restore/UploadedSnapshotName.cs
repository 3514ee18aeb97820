using System.Text.RegularExpressions;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// The file name a restore gives each part it uploads. Qdrant keeps an uploaded file in the collection's snapshots
/// folder under that name (reference §2.2, §2.6), and a file already there with the same name is overwritten. The
/// part's own snapshot name would be a bad choice: a snapshot taken on that node in the same second has it (§2.1),
/// and the operator's copy would be replaced and then deleted by the cleanup. So the name is one Qdrant never
/// generates: a fixed prefix, a random 128-bit token of this restore and the node's position, for example
/// <c>pubsec-dr-upload-3f2a…c9-node0.snapshot</c>. It ends in .snapshot so the copy is listed and the API can
/// delete it. Only names of exactly this form are ever deleted by the module.
/// </summary>
public static partial class UploadedSnapshotName
{
    public const string Prefix = "pubsec-dr-upload-";

    /// <summary>A fresh token for one restore: 32 hexadecimal characters.</summary>
    public static string NewToken() => Guid.NewGuid().ToString("N");

    public static string For(string token, int node) =>
        FormattableString.Invariant($"{Prefix}{token}-node{node}.snapshot");

    /// <summary>
    /// True only for names this module gives uploads. Qdrant's own names end in a -YYYY-MM-DD-HH-MM-SS timestamp
    /// (reference §5.2), so no snapshot Qdrant made can match, whatever the collection is called.
    /// </summary>
    public static bool IsUpload(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^pubsec-dr-upload-[0-9a-f]{32}-node[0-9]+\\.snapshot\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
