using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Logical;

namespace PubSec.Dr.Tests.Redis.Logical;

public sealed class LogicalDumpFormatTests
{
    private static readonly DateTime Created = new(2025, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc);

    private static readonly LogicalKeyRecord[] Sample =
    [
        new("plain"u8.ToArray(), -1, Payload("hello"u8.ToArray())),
        new([0x00, 0xff, 0x0d, 0x0a, 0x1a], 1234, Payload([0x00, 0x0d, 0x0a, 0xff])),
        new([], -1, Payload([])),
        new("huge"u8.ToArray(), 86_400_000, Payload(Random(5 * 1024 * 1024 + 17, seed: 3))),
        new(Encoding.UTF8.GetBytes("ключ:é"), 1, Payload(Random(300_000, seed: 4))),
    ];

    [Fact]
    public async Task RoundTrip_ReturnsEveryKeyTtlAndPayloadByteForByte_AndTheWritersMeasure()
    {
        var (bytes, size, sha256) = await WriteAsync(Sample, pattern: "tenant:*");

        Assert.Equal(bytes.Length, size);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), sha256);
        using var reader = new LogicalDumpReader(new MemoryStream(bytes), "test.pdrl");
        var header = await reader.ReadHeaderAsync(CancellationToken.None);
        Assert.Equal(new LogicalDumpHeader(1, "7.0.15", 10, "tenant:*", Created, 0), header);
        foreach (var expected in Sample)
        {
            var record = await reader.ReadNextAsync(CancellationToken.None);
            Assert.NotNull(record);
            Assert.Equal(expected.Key, record.Key);
            Assert.Equal(expected.PttlMilliseconds, record.PttlMilliseconds);
            Assert.Equal(expected.Payload, record.Payload);
        }

        Assert.Null(await reader.ReadNextAsync(CancellationToken.None));
        Assert.Equal(Sample.Length, reader.KeysRead);
    }

    [Fact]
    public async Task RoundTrip_WithoutKeysOrPattern_KeepsTheNullPatternAndEnds()
    {
        var (bytes, _, _) = await WriteAsync([], pattern: null);
        using var reader = new LogicalDumpReader(new MemoryStream(bytes), "empty.pdrl");
        Assert.Null((await reader.ReadHeaderAsync(CancellationToken.None)).Pattern);
        Assert.Equal(0, await reader.ReadToEndAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(0.30)]
    [InlineData(0.60)]
    [InlineData(0.95)]
    public async Task FlippedPayloadByte_FailsWithRecordChecksumMismatch(double where)
    {
        var (bytes, _, _) = await WriteAsync(Sample, pattern: null);
        // Inside the 5 MB payload of the "huge" record, away from every length field.
        var start = IndexOf(bytes, "huge"u8.ToArray()) + 4 + 12;
        bytes[start + (int)(5 * 1024 * 1024 * where)] ^= 0x40;

        var ex = await Assert.ThrowsAsync<DrException>(() => ReadAllAsync(bytes));
        Assert.Equal(ErrorIds.RedisDumpRecordChecksumMismatch, ex.ErrorId);
        Assert.Contains("key record 4", ex.Message);
    }

    [Fact]
    public async Task FlippedTtlByte_FailsWithRecordChecksumMismatch()
    {
        var (bytes, _, _) = await WriteAsync(Sample, pattern: null);
        bytes[IndexOf(bytes, "plain"u8.ToArray()) + 5] ^= 0x01;

        var ex = await Assert.ThrowsAsync<DrException>(() => ReadAllAsync(bytes));
        Assert.Equal(ErrorIds.RedisDumpRecordChecksumMismatch, ex.ErrorId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(100)]
    [InlineData(3_000_000)]
    [InlineData(-1)]
    [InlineData(-49)]
    [InlineData(-50)]
    public async Task Truncated_FailsWithMalformed(int cut)
    {
        var (bytes, _, _) = await WriteAsync(Sample, pattern: null);
        var length = cut >= 0 ? cut : bytes.Length + cut;

        var ex = await Assert.ThrowsAsync<DrException>(() => ReadAllAsync(bytes[..length]));
        Assert.Equal(ErrorIds.RedisDumpMalformed, ex.ErrorId);
    }

    [Fact]
    public async Task TrailerWithAnotherCount_FailsWithKeyCountMismatch()
    {
        var (bytes, _, _) = await WriteAsync(Sample, pattern: null);
        // Rewrite the trailer's count and re-seal its record checksum: only the count is wrong.
        var trailer = bytes.Length - 49;
        Assert.Equal((byte)'E', bytes[trailer]);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(trailer + 1), Sample.Length + 1);
        SHA256.HashData(bytes.AsSpan(trailer, 41)).AsSpan(0, 8).CopyTo(bytes.AsSpan(trailer + 41));

        var ex = await Assert.ThrowsAsync<DrException>(() => ReadAllAsync(bytes));
        Assert.Equal(ErrorIds.RedisDumpKeyCountMismatch, ex.ErrorId);
    }

    [Fact]
    public async Task RecordRemovedWhole_FailsTheStreamChecksum()
    {
        var (full, _, _) = await WriteAsync(Sample[..2], pattern: null);
        var (shorter, _, _) = await WriteAsync(Sample[..1], pattern: null);
        // The first file with its second record cut out: every remaining record is intact, the trailer is not about them.
        var secondRecordLength = full.Length - shorter.Length;
        var spliced = full[..(shorter.Length - 49)].Concat(full[(shorter.Length - 49 + secondRecordLength)..]).ToArray();

        var ex = await Assert.ThrowsAsync<DrException>(() => ReadAllAsync(spliced));
        Assert.Equal(ErrorIds.RedisDumpRecordChecksumMismatch, ex.ErrorId);
        Assert.Contains("stream checksum", ex.Message);
    }

    [Fact]
    public async Task BytesAfterTheTrailer_AndAForeignFile_AreMalformed()
    {
        var (bytes, _, _) = await WriteAsync(Sample[..1], pattern: null);
        var extra = await Assert.ThrowsAsync<DrException>(() => ReadAllAsync([.. bytes, 0]));
        Assert.Equal(ErrorIds.RedisDumpMalformed, extra.ErrorId);

        var foreign = await Assert.ThrowsAsync<DrException>(() => ReadAllAsync("REDIS0010"u8.ToArray()));
        Assert.Equal(ErrorIds.RedisDumpMalformed, foreign.ErrorId);
    }

    [Fact]
    public async Task ADamagedLengthField_IsNotTrustedForAllocation()
    {
        var (bytes, _, _) = await WriteAsync(Sample[..1], pattern: null);
        // The first key record's key length, set to 400 MB: the reader must fail on the missing bytes, not allocate them.
        var keyLength = IndexOf(bytes, "plain"u8.ToArray()) - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(keyLength), 400u * 1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = await Assert.ThrowsAsync<DrException>(() => ReadAllAsync(bytes));
        Assert.Equal(ErrorIds.RedisDumpMalformed, ex.ErrorId);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024 * 1024);
    }

    [Theory]
    [InlineData("7.0.15", 10)]
    [InlineData("7.2.4", 11)]
    [InlineData("7.4.1", 12)]
    [InlineData("8.0.0", 12)]
    [InlineData("6.2.14", 9)]
    [InlineData("garbage", null)]
    public void ServerVersionMapsToTheRdbVersionItWrites(string version, int? rdb) =>
        Assert.Equal(rdb, DumpPayload.RdbVersionOfServer(version));

    [Fact]
    public void PayloadRdbVersion_IsReadFromItsFooter()
    {
        Assert.Equal(10, DumpPayload.RdbVersionOf(Payload("x"u8.ToArray())));
        Assert.Null(DumpPayload.RdbVersionOf(new byte[9]));
    }

    internal static byte[] Payload(byte[] body)
    {
        // A DUMP-shaped payload: the body, RDB version 10 little-endian, then 8 bytes standing for the CRC64.
        var payload = new byte[body.Length + 10];
        body.CopyTo(payload, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(body.Length), 10);
        Random(8, seed: body.Length).CopyTo(payload, body.Length + 2);
        return payload;
    }

    internal static async Task<(byte[] Bytes, long Size, string Sha256)> WriteAsync(IEnumerable<LogicalKeyRecord> records, string? pattern)
    {
        using var output = new MemoryStream();
        using var writer = new LogicalDumpWriter(output);
        await writer.WriteHeaderAsync(new LogicalDumpHeader(1, "7.0.15", 10, pattern, Created, 0), CancellationToken.None);
        foreach (var record in records)
        {
            await writer.WriteKeyAsync(record.Key, record.PttlMilliseconds, record.Payload, CancellationToken.None);
        }

        var (size, sha256) = await writer.CompleteAsync(CancellationToken.None);
        return (output.ToArray(), size, sha256);
    }

    private static async Task ReadAllAsync(byte[] bytes)
    {
        using var reader = new LogicalDumpReader(new MemoryStream(bytes), "test.pdrl");
        await reader.ReadToEndAsync(CancellationToken.None);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
