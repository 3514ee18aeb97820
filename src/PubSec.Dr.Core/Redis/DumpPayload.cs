using System.Buffers.Binary;
using System.Globalization;

namespace PubSec.Dr.Redis;

/// <summary>
/// What a DUMP payload says about itself, and which RDB version a server version writes and loads. A payload
/// ends with its RDB version (2 bytes, little-endian) and a CRC64 (8 bytes); RESTORE refuses a payload whose
/// version is newer than the server's own.
/// </summary>
public static class DumpPayload
{
    public const int FooterLength = 10;

    /// <summary>(first redis_version, RDB version it writes): from the Redis release notes, newest last.</summary>
    private static readonly (Version Since, int Rdb)[] RdbVersions =
    [
        (new Version(2, 6), 6),
        (new Version(3, 2), 7),
        (new Version(4, 0), 8),
        (new Version(5, 0), 9),
        (new Version(7, 0), 10),
        (new Version(7, 2), 11),
        (new Version(7, 4), 12),
    ];

    /// <summary>
    /// Equal bodies mean equal values even when the versions (and so the checksums) differ, as between Redis 7.0
    /// and 7.2, which spares a compare the slower type-aware reads after an upgrade or a cross-version restore.
    /// </summary>
    public static bool SameValue(byte[]? reference, byte[]? difference) =>
        reference is { Length: >= FooterLength } && difference is { Length: >= FooterLength }
        && reference.AsSpan(0, reference.Length - FooterLength).SequenceEqual(difference.AsSpan(0, difference.Length - FooterLength));

    public static int? RdbVersionOf(ReadOnlySpan<byte> payload) =>
        payload.Length < FooterLength ? null : BinaryPrimitives.ReadUInt16LittleEndian(payload[^FooterLength..]);

    /// <summary>
    /// The RDB version a server of <paramref name="redisVersion"/> writes (and the newest it loads), or null when
    /// the version cannot be read. Versions newer than the table load at least the newest known RDB version.
    /// </summary>
    public static int? RdbVersionOfServer(string redisVersion)
    {
        var parts = redisVersion.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return null;
        }

        var version = new Version(major, minor);
        int? rdb = null;
        foreach (var (since, value) in RdbVersions)
        {
            if (version >= since)
            {
                rdb = value;
            }
        }

        return rdb;
    }
}
