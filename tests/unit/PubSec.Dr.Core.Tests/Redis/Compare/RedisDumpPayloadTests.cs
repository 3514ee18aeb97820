using PubSec.Dr.Redis;

namespace PubSec.Dr.Tests.Redis.Compare;

public sealed class RedisDumpPayloadTests
{
    // A string "abc" as Redis 7.0 dumps it: type 0, length 3, "abc", RDB version 10, then the CRC64.
    private static readonly byte[] Dump = [0x00, 0x03, 0x61, 0x62, 0x63, 0x0a, 0x00, 1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void Payloads_that_differ_only_in_rdb_version_and_checksum_hold_the_same_value()
    {
        byte[] newer = [.. Dump[..5], 0x0b, 0x00, 9, 9, 9, 9, 9, 9, 9, 9];

        Assert.True(DumpPayload.SameValue(Dump, newer));
    }

    [Fact]
    public void A_different_body_byte_is_a_different_value()
    {
        var changed = (byte[])Dump.Clone();
        changed[4] = 0x64;

        Assert.False(DumpPayload.SameValue(Dump, changed));
    }

    [Fact]
    public void A_missing_or_truncated_payload_is_never_the_same()
    {
        Assert.False(DumpPayload.SameValue(Dump, null));
        Assert.False(DumpPayload.SameValue(null, null));
        Assert.False(DumpPayload.SameValue(Dump[..4], Dump[..4]));
    }
}
