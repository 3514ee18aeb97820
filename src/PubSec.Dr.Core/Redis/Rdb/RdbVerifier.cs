using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// Reads an RDB file once, front to back, with bounded memory: the "REDIS" magic and 4-digit version, the EOF
/// opcode (0xFF) before the trailer, and the CRC-64 over everything before the 8-byte little-endian trailer. In the
/// same pass it walks the records and counts the keys of each database (<see cref="RdbKeyspaceWalker"/>); a record
/// it cannot read only leaves the count unknown, it never decides intact or damaged: the CRC proves the bytes are
/// the ones the server wrote, which is what a backup must guarantee; whether a server can load every value is
/// Redis's own check (redis-check-rdb).
/// </summary>
public static class RdbVerifier
{
    public const int FirstVersionWithChecksum = 5;
    private const int HeaderLength = 9;
    private const int TrailerLength = 8;
    private const byte EofOpcode = 0xff;
    private static readonly byte[] Magic = "REDIS"u8.ToArray();

    /// <summary>Verifies <paramref name="content"/>; throws DrException RedisRdbMalformed or RedisRdbChecksumMismatch.</summary>
    public static async Task<RdbSummary> VerifyAsync(Stream content, string target, CancellationToken cancellationToken)
    {
        var input = new RdbInput(content);
        var header = new byte[HeaderLength];
        var got = await input.ReadAtMostAsync(header, cancellationToken).ConfigureAwait(false);
        int? version = got >= Magic.Length ? ReadHeader(header.AsSpan(0, got), target) : null;
        RdbKeyspace? keyspace = null;
        string? unread = null;
        if (got == HeaderLength)
        {
            try
            {
                keyspace = await RdbKeyspaceWalker.WalkAsync(input, cancellationToken).ConfigureAwait(false);
            }
            catch (RdbWalkStoppedException ex)
            {
                unread = ex.Message;
            }
        }

        await input.DrainAsync(cancellationToken).ConfigureAwait(false);
        return Conclude(input, version, target, keyspace, unread);
    }

    /// <summary>The trailer checks, once the stream has ended: length, EOF opcode, and the CRC against the trailer.</summary>
    private static RdbSummary Conclude(RdbInput input, int? version, string target, RdbKeyspace? keyspace, string? unread)
    {
        var total = input.Total;
        var tail = input.Tail;
        if (total < HeaderLength + 1 + TrailerLength)
        {
            throw Malformed(target, $"it has only {total} bytes; the smallest RDB file has {HeaderLength + 1 + TrailerLength} (header, EOF opcode, checksum). The transfer was cut short.");
        }

        if (tail[0] != EofOpcode)
        {
            throw Malformed(target, $"it does not end with the EOF opcode 0xFF before its checksum (found 0x{tail[0]:x2}); the file is truncated or has trailing bytes.");
        }

        var crc = input.Crc;
        crc.Append(tail[..1]);
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(tail[1..]);
        var summary = new RdbSummary(version!.Value, total, stored) { Keyspace = keyspace, KeyspaceUnread = unread };
        if (summary.HasChecksum && stored != crc.Value)
        {
            throw new DrException(ErrorIds.RedisRdbChecksumMismatch, DrErrorCategory.InvalidData,
                $"The RDB file {target} is damaged: its CRC-64 is {crc.Value:x16} but its trailer says {stored:x16}.",
                "Do not load this file. Take a new backup (or use an older one that passes Test-BackupIntegrity); if it repeats, check the server's disk and the network path.",
                target);
        }

        return summary;
    }

    private static int ReadHeader(ReadOnlySpan<byte> header, string target)
    {
        if (header.Length < Magic.Length || !header[..Magic.Length].SequenceEqual(Magic))
        {
            throw Malformed(target, "it does not start with the RDB magic \"REDIS\"; it is not an RDB file.");
        }

        var digits = header[Magic.Length..];
        if (digits.Length < 4 || !int.TryParse(Encoding.ASCII.GetString(digits), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw Malformed(target, $"its header has no valid 4-digit RDB version after \"REDIS\" ('{Encoding.ASCII.GetString(digits).Replace('\0', '.')}').");
        }

        return version;
    }

    private static DrException Malformed(string target, string why) => new(
        ErrorIds.RedisRdbMalformed, DrErrorCategory.InvalidData,
        $"The RDB file {target} cannot be used: {why}",
        "Take a new backup; if the server is a managed service that serves no RDB, use -Mode Logical (or -Fallback Logical).",
        target);
}
