using PubSec.Dr.Errors;

namespace PubSec.Dr.Storage;

/// <summary>
/// Validates object keys before any store sees them, so a hostile collection name or manifest entry can
/// never address a file outside the store (no '..', no absolute paths, no backslashes, no control chars).
/// </summary>
public static class StoreKey
{
    public static string Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 1024)
        {
            throw Invalid(key, "it is empty or longer than 1024 characters");
        }

        if (key.StartsWith('/') || key.Contains('\\') || key.Any(char.IsControl))
        {
            throw Invalid(key, "it is absolute or contains a backslash or a control character");
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw Invalid(key, "it has an empty, '.' or '..' path segment");
            }
        }

        return key;
    }

    /// <summary>
    /// Makes one safe path segment out of a free-form name (e.g. a Qdrant collection name). Long escaped
    /// names are shortened with a hash suffix: file systems cap one name at 255 bytes, and a 255-character
    /// collection name in a non-Latin script escapes to far more.
    /// </summary>
    public static string Segment(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        // EscapeDataString leaves '.' alone, so '.' and '..' need escaping by hand.
        escaped = escaped switch
        {
            "." => "%2E",
            ".." => "%2E%2E",
            _ => escaped,
        };
        if (escaped.Length <= MaxSegmentLength)
        {
            return escaped;
        }

        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..16].ToLowerInvariant();
        return escaped[..(MaxSegmentLength - hash.Length - 1)] + "~" + hash;
    }

    private const int MaxSegmentLength = 200;

    public static string Join(params string[] parts) => Validate(string.Join('/', parts));

    private static DrException Invalid(string key, string why) => new(
        ErrorIds.StoreKeyInvalid,
        DrErrorCategory.InvalidArgument,
        $"The object key '{key}' is not allowed: {why}.",
        "Use names without path separators or '..'; if the key came from a manifest, the manifest is not trustworthy.",
        key);
}
