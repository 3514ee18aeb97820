using System.Security.Cryptography;

namespace PubSec.Dr.Lab.Snapshots;

/// <summary>SHA-256 in Qdrant's form: 64 lower-case hex characters, computed by streaming (snapshots can be GBs).</summary>
internal static class Sha256File
{
    public static string Compute(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Qdrant compares checksums case-insensitively and ignoring surrounding whitespace.</summary>
    public static bool Equal(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    public static bool IsWellFormed(string checksum) => checksum.Length == 64 && checksum.All(char.IsAsciiHexDigit);
}
