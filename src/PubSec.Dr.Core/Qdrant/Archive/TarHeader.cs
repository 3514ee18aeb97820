using System.Globalization;
using System.Text;

namespace PubSec.Dr.Qdrant.Archive;

/// <summary>Reads the fields of one 512-byte tar header that decide the block layout (shared by the walker and the filter).</summary>
internal static class TarHeader
{
    public const int Block = 512;

    public static bool IsZero(ReadOnlySpan<byte> block) => block.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Throws InvalidDataException when the stored checksum is not the sum of the header's bytes.</summary>
    public static void VerifyChecksum(ReadOnlySpan<byte> block, long offset)
    {
        var stored = ParseOctal(block.Slice(148, 8));
        long unsigned = 0;
        long signed = 0;
        for (var i = 0; i < Block; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        // Old tar writers summed signed bytes; accept both, as GNU tar does.
        if (stored != unsigned && stored != signed)
        {
            throw new InvalidDataException($"Tar header checksum mismatch at offset {offset}: stored {stored}, computed {unsigned}.");
        }
    }

    public static long ParseSize(ReadOnlySpan<byte> block)
    {
        var field = block.Slice(124, 12);
        if ((field[0] & 0x80) == 0)
        {
            return ParseOctal(field);
        }

        // GNU base-256: big-endian binary after the marker bit, for entries of 8 GiB and more.
        long value = field[0] & 0x7F;
        foreach (var b in field[1..])
        {
            value = checked((value << 8) | b);
        }

        return value;
    }

    /// <summary>A GNU sparse ('S') header whose map continues in extension blocks (each with its own flag at byte 504).</summary>
    public static bool HasSparseExtension(ReadOnlySpan<byte> block) => block[156] == (byte)'S' && block[482] != 0;

    /// <summary>The data blocks an entry of <paramref name="size"/> bytes occupies.</summary>
    public static long Padded(long size) => (size + Block - 1) / Block * Block;

    /// <summary>The entry name of a header: POSIX ustar joins prefix and name; GNU headers use those bytes for other fields.</summary>
    public static string Name(ReadOnlySpan<byte> block)
    {
        var name = CString(block[..100]);
        var ustar = block.Slice(257, 6).SequenceEqual("ustar\0"u8);
        var prefix = ustar ? CString(block.Slice(345, 155)) : string.Empty;
        return prefix.Length == 0 ? name : prefix + "/" + name;
    }

    public static string CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    public static long ParseOctal(ReadOnlySpan<byte> field)
    {
        var text = Encoding.ASCII.GetString(field).Trim(' ', '\0');
        if (text.Length == 0)
        {
            return 0;
        }

        long value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '7')
            {
                throw new InvalidDataException($"Tar header has a non-octal number field '{text}'.");
            }

            value = checked((value * 8) + (c - '0'));
        }

        return value;
    }

    /// <summary>PAX records are "&lt;length&gt; &lt;key&gt;=&lt;value&gt;\n"; returns the value of <paramref name="key"/>, if any.</summary>
    public static string? PaxValue(byte[] records, string key)
    {
        string? value = null;
        foreach (var line in Encoding.UTF8.GetString(records).Split('\n'))
        {
            var space = line.IndexOf(' ');
            if (space > 0 && line[(space + 1)..].StartsWith(key + "=", StringComparison.Ordinal))
            {
                value = line[(space + key.Length + 2)..];
            }
        }

        return value;
    }

    public static long? PaxSize(byte[] records) =>
        PaxValue(records, "size") is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
}
