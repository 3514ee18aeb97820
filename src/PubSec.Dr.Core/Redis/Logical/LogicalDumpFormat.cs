namespace PubSec.Dr.Redis.Logical;

/// <summary>
/// Constants of the logical dump format (docs/redis-logical-format.md). Every integer is little-endian; every
/// record ends with the first 8 bytes of the SHA-256 of its type byte and body, so one damaged record is named.
/// </summary>
internal static class LogicalDumpFormat
{
    /// <summary>"PDRL", then CR LF SUB LF: a transfer that rewrites line ends or stops at ^Z breaks the magic at once.</summary>
    public static ReadOnlySpan<byte> Magic => "PDRL\r\n\u001a\n"u8;

    public const ushort Version = 1;

    public const byte HeaderRecord = (byte)'H';
    public const byte KeyRecord = (byte)'K';
    public const byte TrailerRecord = (byte)'E';

    public const int RecordChecksumLength = 8;
    public const int StreamChecksumLength = 32;

    /// <summary>Redis refuses keys longer than proto-max-bulk-len (512 MB by default).</summary>
    public const int MaxKeyLength = 512 * 1024 * 1024;

    /// <summary>A payload must fit one .NET array: it is handed to RESTORE as one bulk string.</summary>
    public static int MaxPayloadLength => Array.MaxLength;

    public const int MaxTextLength = 64 * 1024;
}
