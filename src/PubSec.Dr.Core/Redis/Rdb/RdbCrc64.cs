namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// The CRC-64 Redis writes at the end of an RDB file: the "Jones" polynomial 0xad93d23594c935a9, reflected,
/// initial value 0, no final xor (check value of "123456789": 0xe9c6d914c4b8d9ca). Slicing-by-8 tables, because
/// this runs over every byte of a backup in the same pass as SHA-256 and must not be the slower of the two.
/// </summary>
public sealed class RdbCrc64
{
    /// <summary>The polynomial bit-reversed, as a reflected CRC uses it.</summary>
    private const ulong ReflectedPolynomial = 0x95ac9329ac4bc9b5;

    private static readonly ulong[][] Tables = BuildTables();

    public ulong Value { get; private set; }

    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        var crc = new RdbCrc64();
        crc.Append(data);
        return crc.Value;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = Value;
        var t = Tables;
        while (data.Length >= 8)
        {
            crc ^= BitConverter.ToUInt64(data);
            crc = t[7][crc & 0xff] ^ t[6][(crc >> 8) & 0xff] ^ t[5][(crc >> 16) & 0xff] ^ t[4][(crc >> 24) & 0xff]
                ^ t[3][(crc >> 32) & 0xff] ^ t[2][(crc >> 40) & 0xff] ^ t[1][(crc >> 48) & 0xff] ^ t[0][crc >> 56];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = t[0][(crc ^ b) & 0xff] ^ (crc >> 8);
        }

        Value = crc;
    }

    private static ulong[][] BuildTables()
    {
        if (!BitConverter.IsLittleEndian)
        {
            // The 8-byte step reads words in little-endian order; every platform .NET 8 runs the module on is.
            throw new PlatformNotSupportedException("RdbCrc64 needs a little-endian platform.");
        }

        var tables = new ulong[8][];
        tables[0] = new ulong[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ulong)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }

            tables[0][i] = crc;
        }

        for (var k = 1; k < 8; k++)
        {
            tables[k] = new ulong[256];
            for (var i = 0; i < 256; i++)
            {
                var previous = tables[k - 1][i];
                tables[k][i] = tables[0][previous & 0xff] ^ (previous >> 8);
            }
        }

        return tables;
    }
}
