namespace PubSec.Dr.Redis.Compare;

/// <summary>
/// DUMP payloads: the serialized value, then a 2-byte RDB version and an 8-byte CRC64 over both. Equal bodies
/// mean equal values even when the versions (and so the checksums) differ, as between Redis 7.0 and 7.2, which
/// spares the slower type-aware reads after an upgrade or a cross-version restore.
/// </summary>
internal static class RedisDumpPayload
{
    private const int TrailerLength = 10;

    public static bool SameValue(byte[]? reference, byte[]? difference) =>
        reference is { Length: >= TrailerLength } && difference is { Length: >= TrailerLength }
        && reference.AsSpan(0, reference.Length - TrailerLength).SequenceEqual(difference.AsSpan(0, difference.Length - TrailerLength));
}
