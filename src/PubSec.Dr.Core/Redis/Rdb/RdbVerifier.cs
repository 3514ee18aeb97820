using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// Reads an RDB file once, front to back, with bounded memory: the "REDIS" magic and 4-digit version, the EOF
/// opcode (0xFF) before the trailer, and the CRC-64 over everything before the 8-byte little-endian trailer.
/// It does not parse the keys: the CRC proves the bytes are the ones the server wrote, which is what a backup
/// must guarantee; whether a server can load them is Redis's own check (redis-check-rdb).
/// </summary>
public static class RdbVerifier
{
    public const int FirstVersionWithChecksum = 5;
    private const int HeaderLength = 9;
    private const int TrailerLength = 8;
    private const byte EofOpcode = 0xff;
    private const int BufferSize = 1 << 16;
    private static readonly byte[] Magic = "REDIS"u8.ToArray();

    /// <summary>Verifies <paramref name="content"/>; throws DrException RedisRdbMalformed or RedisRdbChecksumMismatch.</summary>
    public static async Task<RdbSummary> VerifyAsync(Stream content, string target, CancellationToken cancellationToken)
    {
        var crc = new RdbCrc64();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize + TrailerLength + 1);
        try
        {
            // The last 9 bytes (EOF opcode + trailer) are held back until the stream ends, so only bytes known
            // to precede the trailer go into the CRC.
            var held = 0;
            long total = 0;
            int? version = null;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(held, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                held += read;
                if (version is null && held >= HeaderLength)
                {
                    version = ReadHeader(buffer.AsSpan(0, HeaderLength), target);
                }

                var release = held - (TrailerLength + 1);
                if (release > 0)
                {
                    crc.Append(buffer.AsSpan(0, release));
                    buffer.AsSpan(release, held - release).CopyTo(buffer);
                    held -= release;
                }
            }

            if (total < HeaderLength + 1 + TrailerLength)
            {
                if (version is null && total >= Magic.Length)
                {
                    // Nothing was released yet (fewer than 10 bytes), so the buffer still starts with the header.
                    ReadHeader(buffer.AsSpan(0, (int)total), target);
                }

                throw Malformed(target, $"it has only {total} bytes; the smallest RDB file has {HeaderLength + 1 + TrailerLength} (header, EOF opcode, checksum). The transfer was cut short.");
            }

            if (buffer[0] != EofOpcode)
            {
                throw Malformed(target, $"it does not end with the EOF opcode 0xFF before its checksum (found 0x{buffer[0]:x2}); the file is truncated or has trailing bytes.");
            }

            crc.Append(buffer.AsSpan(0, 1));
            var stored = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(1, TrailerLength));
            var summary = new RdbSummary(version!.Value, total, stored);
            if (summary.HasChecksum && stored != crc.Value)
            {
                throw new DrException(ErrorIds.RedisRdbChecksumMismatch, DrErrorCategory.InvalidData,
                    $"The RDB file {target} is damaged: its CRC-64 is {crc.Value:x16} but its trailer says {stored:x16}.",
                    "Do not load this file. Take a new backup (or use an older one that passes Test-BackupIntegrity); if it repeats, check the server's disk and the network path.",
                    target);
            }

            return summary;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
