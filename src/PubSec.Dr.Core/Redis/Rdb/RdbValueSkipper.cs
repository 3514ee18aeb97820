namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// Passes over one RDB value by its type's layout (rdb.c, rdbLoadObject), without keeping any of it: strings
/// (plain, integer-encoded or LZF), the classic collections, the ziplist/listpack/intset blobs, quicklists,
/// streams with their consumer groups, hashes with field expiry, and module values (self-describing since RDB 8).
/// A corrupt length cannot make it allocate: it only skips, and a skip past the end stops at the end.
/// </summary>
internal static class RdbValueSkipper
{
    private const int StringType = 0;
    private const int ListType = 1;
    private const int SetType = 2;
    private const int ZsetType = 3;
    private const int HashType = 4;
    private const int Zset2Type = 5;
    private const int Module2Type = 7;
    private const int ListQuicklistType = 14;
    private const int StreamListpacksType = 15;
    private const int ListQuicklist2Type = 18;
    private const int StreamListpacks2Type = 19;
    private const int StreamListpacks3Type = 21;
    private const int HashMetadataPreGaType = 22;
    private const int HashMetadataType = 24;
    private const int HashListpackExType = 25;
    private const int StreamIdBytes = 16;
    private const int MillisecondTimeBytes = 8;

    /// <summary>Types stored as one string blob: zipmap, ziplist, intset, listpack (hash, zset, set) and the 7.4 RC listpack-ex.</summary>
    private static readonly HashSet<int> BlobTypes = [9, 10, 11, 12, 13, 16, 17, 20, 23];

    public static async Task SkipValueAsync(RdbInput input, byte type, CancellationToken ct)
    {
        switch (type)
        {
            case StringType:
                await SkipStringAsync(input, ct).ConfigureAwait(false);
                return;
            case ListType or SetType or ListQuicklistType:
                await SkipStringsAsync(input, 1, ct).ConfigureAwait(false);
                return;
            case HashType:
                await SkipStringsAsync(input, 2, ct).ConfigureAwait(false);
                return;
            case ZsetType or Zset2Type:
                for (var n = await ReadLengthAsync(input, ct).ConfigureAwait(false); n > 0; n--)
                {
                    await SkipStringAsync(input, ct).ConfigureAwait(false);
                    await (type == Zset2Type ? input.SkipAsync(8, ct) : SkipTextDoubleAsync(input, ct)).ConfigureAwait(false);
                }

                return;
            case Module2Type:
                await ReadLengthAsync(input, ct).ConfigureAwait(false);
                await SkipModuleValueAsync(input, ct).ConfigureAwait(false);
                return;
            case ListQuicklist2Type:
                for (var n = await ReadLengthAsync(input, ct).ConfigureAwait(false); n > 0; n--)
                {
                    await ReadLengthAsync(input, ct).ConfigureAwait(false);
                    await SkipStringAsync(input, ct).ConfigureAwait(false);
                }

                return;
            case StreamListpacksType or StreamListpacks2Type or StreamListpacks3Type:
                await SkipStreamAsync(input, type, ct).ConfigureAwait(false);
                return;
            case HashMetadataType or HashMetadataPreGaType:
                if (type == HashMetadataType)
                {
                    await input.SkipAsync(MillisecondTimeBytes, ct).ConfigureAwait(false);
                }

                for (var n = await ReadLengthAsync(input, ct).ConfigureAwait(false); n > 0; n--)
                {
                    await ReadLengthAsync(input, ct).ConfigureAwait(false);
                    await SkipStringAsync(input, ct).ConfigureAwait(false);
                    await SkipStringAsync(input, ct).ConfigureAwait(false);
                }

                return;
            case HashListpackExType:
                await input.SkipAsync(MillisecondTimeBytes, ct).ConfigureAwait(false);
                await SkipStringAsync(input, ct).ConfigureAwait(false);
                return;
            default:
                if (!BlobTypes.Contains(type))
                {
                    throw RdbWalkStoppedException.Unknown($"value type {type}", input.Offset);
                }

                await SkipStringAsync(input, ct).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>An RDB length: 6, 14, 32 or 64 bits by its first byte's top bits. An encoded string header is not a length.</summary>
    public static async Task<ulong> ReadLengthAsync(RdbInput input, CancellationToken ct)
    {
        var (value, encoded) = await ReadLengthOrEncodingAsync(input, ct).ConfigureAwait(false);
        return encoded ? throw RdbWalkStoppedException.Unknown("a string encoding where a length belongs", input.Offset) : value;
    }

    public static async Task SkipStringAsync(RdbInput input, CancellationToken ct)
    {
        var (length, encoded) = await ReadLengthOrEncodingAsync(input, ct).ConfigureAwait(false);
        if (!encoded)
        {
            await input.SkipAsync(length, ct).ConfigureAwait(false);
            return;
        }

        switch (length)
        {
            case 0 or 1 or 2:
                // An integer of 8, 16 or 32 bits.
                await input.SkipAsync(1UL << (int)length, ct).ConfigureAwait(false);
                return;
            case 3:
                // LZF: compressed length, uncompressed length, then the compressed bytes.
                var compressed = await ReadLengthAsync(input, ct).ConfigureAwait(false);
                await ReadLengthAsync(input, ct).ConfigureAwait(false);
                await input.SkipAsync(compressed, ct).ConfigureAwait(false);
                return;
            default:
                throw RdbWalkStoppedException.Unknown($"string encoding {length}", input.Offset);
        }
    }

    /// <summary>A module value written with annotations: (opcode, value) pairs up to the EOF opcode 0.</summary>
    public static async Task SkipModuleValueAsync(RdbInput input, CancellationToken ct)
    {
        while (true)
        {
            switch (await ReadLengthAsync(input, ct).ConfigureAwait(false))
            {
                case 0:
                    return;
                case 1 or 2:
                    await ReadLengthAsync(input, ct).ConfigureAwait(false);
                    break;
                case 3:
                    await input.SkipAsync(4, ct).ConfigureAwait(false);
                    break;
                case 4:
                    await input.SkipAsync(8, ct).ConfigureAwait(false);
                    break;
                case 5:
                    await SkipStringAsync(input, ct).ConfigureAwait(false);
                    break;
                case var opcode:
                    throw RdbWalkStoppedException.Unknown($"module value opcode {opcode}", input.Offset);
            }
        }
    }

    private static async Task<(ulong Value, bool Encoded)> ReadLengthOrEncodingAsync(RdbInput input, CancellationToken ct)
    {
        var first = await input.ReadByteAsync(ct).ConfigureAwait(false);
        return (first >> 6) switch
        {
            0 => ((ulong)(first & 0x3f), false),
            1 => ((ulong)(first & 0x3f) << 8 | await input.ReadByteAsync(ct).ConfigureAwait(false), false),
            3 => ((ulong)(first & 0x3f), true),
            _ => first switch
            {
                0x80 => (await input.ReadBigEndianAsync(4, ct).ConfigureAwait(false), false),
                0x81 => (await input.ReadBigEndianAsync(8, ct).ConfigureAwait(false), false),
                _ => throw RdbWalkStoppedException.Unknown($"length encoding 0x{first:x2}", input.Offset - 1),
            },
        };
    }

    private static async Task SkipStringsAsync(RdbInput input, int perEntry, CancellationToken ct)
    {
        for (var n = await ReadLengthAsync(input, ct).ConfigureAwait(false); n > 0; n--)
        {
            for (var i = 0; i < perEntry; i++)
            {
                await SkipStringAsync(input, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A score of the pre-RDB-8 zset: one length byte (253-255 for NaN and infinities) and that many ASCII bytes.</summary>
    private static async ValueTask SkipTextDoubleAsync(RdbInput input, CancellationToken ct)
    {
        var length = await input.ReadByteAsync(ct).ConfigureAwait(false);
        if (length < 253)
        {
            await input.SkipAsync(length, ct).ConfigureAwait(false);
        }
    }

    private static async Task SkipStreamAsync(RdbInput input, byte type, CancellationToken ct)
    {
        // Listpacks: (master id as a 16-byte string, listpack) pairs.
        await SkipStringsAsync(input, 2, ct).ConfigureAwait(false);
        // Length and last id; since version 2 also first id, max deleted id and entries added.
        await SkipLengthsAsync(input, type >= StreamListpacks2Type ? 8 : 3, ct).ConfigureAwait(false);
        for (var groups = await ReadLengthAsync(input, ct).ConfigureAwait(false); groups > 0; groups--)
        {
            await SkipStringAsync(input, ct).ConfigureAwait(false);
            await SkipLengthsAsync(input, type >= StreamListpacks2Type ? 3 : 2, ct).ConfigureAwait(false);
            for (var pending = await ReadLengthAsync(input, ct).ConfigureAwait(false); pending > 0; pending--)
            {
                // Entry id, delivery time, delivery count.
                await input.SkipAsync(StreamIdBytes + MillisecondTimeBytes, ct).ConfigureAwait(false);
                await ReadLengthAsync(input, ct).ConfigureAwait(false);
            }

            for (var consumers = await ReadLengthAsync(input, ct).ConfigureAwait(false); consumers > 0; consumers--)
            {
                // Name, seen time, since version 3 active time, then the ids of its pending entries.
                await SkipStringAsync(input, ct).ConfigureAwait(false);
                await input.SkipAsync((ulong)(type >= StreamListpacks3Type ? 2 * MillisecondTimeBytes : MillisecondTimeBytes), ct).ConfigureAwait(false);
                var owned = await ReadLengthAsync(input, ct).ConfigureAwait(false);
                await input.SkipAsync(owned <= ulong.MaxValue / StreamIdBytes ? owned * StreamIdBytes : ulong.MaxValue, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task SkipLengthsAsync(RdbInput input, int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            await ReadLengthAsync(input, ct).ConfigureAwait(false);
        }
    }
}
