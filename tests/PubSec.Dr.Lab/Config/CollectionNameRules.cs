using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Config;

/// <summary>
/// Qdrant's collection-name validation: creation uses the strict rule (no filesystem-unsafe characters),
/// every other endpoint the legacy rule (no '/' or NUL) so pre-1.5 names stay reachable. Both cap the length
/// at 255. "." and ".." are refused too: the name becomes a directory, and Qdrant fixed that hole (#10418).
/// </summary>
internal static class CollectionNameRules
{
    private static readonly char[] StrictForbidden = ['<', '>', ':', '"', '/', '\\', '|', '?', '*', '\0', '\u001F'];
    private static readonly char[] LegacyForbidden = ['/', '\0'];

    public static void ValidateForCreate(string name, string where) => Validate(name, StrictForbidden, where);

    public static void Validate(string name, string where = "path parameters") => Validate(name, LegacyForbidden, where);

    private static void Validate(string name, char[] forbidden, string where)
    {
        if (name.Length is < 1 or > 255)
        {
            throw QdrantException.Validation(where, "name", "length must be between 1 and 255");
        }

        var bad = name.IndexOfAny(forbidden);
        if (bad >= 0)
        {
            throw QdrantException.Validation(where, "name", $"collection name cannot contain \"{name[bad]}\" char");
        }

        if (name is "." or "..")
        {
            throw QdrantException.Validation(where, "name", "collection name cannot be a relative path component");
        }
    }
}
