using System.Text;
using PubSec.Dr.Redis.Rdb;

namespace PubSec.Dr.Tests.Redis.Rdb;

public sealed class RdbCrc64Tests
{
    [Fact]
    public void Matches_the_check_value_of_redis_crc64()
    {
        Assert.Equal(0xe9c6d914c4b8d9caUL, RdbCrc64.Compute("123456789"u8));
    }

    [Fact]
    public void Is_zero_for_no_data()
    {
        Assert.Equal(0UL, RdbCrc64.Compute([]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(1000)]
    [InlineData(65_537)]
    public void Gives_the_bitwise_result_whatever_the_length_and_the_split_into_appends(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var split = new RdbCrc64();
        split.Append(data.AsSpan(0, length / 3));
        split.Append(data.AsSpan(length / 3));
        Assert.Equal(Bitwise(data), RdbCrc64.Compute(data));
        Assert.Equal(Bitwise(data), split.Value);
    }

    [Fact]
    public void Differs_when_one_bit_changes()
    {
        var data = Encoding.ASCII.GetBytes("REDIS0011 some payload");
        var before = RdbCrc64.Compute(data);
        data[12] ^= 0x04;
        Assert.NotEqual(before, RdbCrc64.Compute(data));
    }

    /// <summary>Redis's polynomial (crc64.c, "Jones") bit-reversed, derived here rather than copied from the code under test.</summary>
    private static readonly ulong Reflected = Enumerable.Range(0, 64).Aggregate(0UL, (r, i) => r | (((0xad93d23594c935a9UL >> i) & 1) << (63 - i)));

    /// <summary>The textbook reflected CRC, one bit at a time, as the reference for the table-driven code.</summary>
    private static ulong Bitwise(ReadOnlySpan<byte> data)
    {
        ulong crc = 0;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Reflected : crc >> 1;
            }
        }

        return crc;
    }
}
