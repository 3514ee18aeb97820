using System.Formats.Tar;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Recovery;

/// <summary>
/// Unpacks a snapshot with Qdrant's rules (§6.1): only regular files, directories and GNU sparse entries;
/// anything else is "Forbidden entry type in tar archive". Unlike Qdrant's tar crate, which silently skips
/// them, entries that are absolute or climb out with ".." are refused outright, so nothing lands outside
/// <c>destination</c>. A corrupt archive is "Malformed tar archive".
/// </summary>
internal static class SafeTarUnpacker
{
    public static void Unpack(string archivePath, string destination)
    {
        var root = Path.GetFullPath(destination).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        using var stream = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var reader = new TarReader(stream);
        while (Next(reader) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.Directory or TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.SparseFile))
            {
                throw QdrantException.Service($"Forbidden entry type in tar archive: {RustName(entry.EntryType)}");
            }

            var target = TargetPath(root, entry.Name);
            if (entry.EntryType == TarEntryType.Directory)
            {
                Directory.CreateDirectory(target);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            try
            {
                entry.DataStream?.CopyTo(output);
            }
            catch (Exception ex) when (IsMalformed(ex))
            {
                throw Malformed();
            }
        }
    }

    private static TarEntry? Next(TarReader reader)
    {
        try
        {
            return reader.GetNextEntry();
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            throw Malformed();
        }
    }

    private static string TargetPath(string root, string name)
    {
        var relative = name.Replace('\\', '/');
        if (relative.Length == 0 || relative.StartsWith('/') || relative.Split('/').Contains(".."))
        {
            throw QdrantException.Service($"Invalid entry path in tar archive: {name}");
        }

        var target = Path.GetFullPath(Path.Combine(root, relative));
        return target.StartsWith(root, StringComparison.Ordinal) || target + Path.DirectorySeparatorChar == root
            ? target
            : throw QdrantException.Service($"Invalid entry path in tar archive: {name}");
    }

    private static bool IsMalformed(Exception ex) =>
        ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException or OverflowException;

    /// <summary>Qdrant releases hide the detail so archive contents never leak into error messages.</summary>
    private static QdrantException Malformed() => QdrantException.Service("Malformed tar archive, reached unknown entry");

    /// <summary>The tar crate's Debug names, as they appear in Qdrant's message.</summary>
    private static string RustName(TarEntryType type) => type switch
    {
        TarEntryType.SymbolicLink => "Symlink",
        TarEntryType.HardLink => "Link",
        TarEntryType.CharacterDevice => "Char",
        TarEntryType.BlockDevice => "Block",
        TarEntryType.Fifo => "Fifo",
        TarEntryType.ContiguousFile => "Continuous",
        _ => type.ToString(),
    };
}
