using System.Formats.Tar;

namespace PubSec.Dr.Qdrant.Archive;

/// <summary>
/// The entry rules Qdrant's unpacker enforces (reference §6.1), applied before any byte of a snapshot is
/// trusted: only files, directories and GNU sparse files, and no path that can land outside the target.
/// </summary>
internal static class TarEntryRules
{
    public static string? Violation(TarEntry entry)
    {
        var type = entry.EntryType;
        var allowed = type is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.Directory
            or TarEntryType.SparseFile or TarEntryType.GlobalExtendedAttributes;
        if (!allowed)
        {
            return $"Forbidden entry type in tar archive: '{entry.Name}' is a {type}.";
        }

        return PathViolation(entry.Name);
    }

    public static string? PathViolation(string name)
    {
        if (name.Length == 0 || name.Contains('\0'))
        {
            return "Tar entry with an empty or NUL-containing path.";
        }

        var normalized = name.Replace('\\', '/');
        if (normalized.StartsWith('/') || (normalized.Length > 1 && normalized[1] == ':'))
        {
            return $"Tar entry '{name}' has an absolute path.";
        }

        if (normalized.Split('/').Any(segment => segment == ".."))
        {
            return $"Tar entry '{name}' escapes the archive with '..'.";
        }

        return null;
    }
}
