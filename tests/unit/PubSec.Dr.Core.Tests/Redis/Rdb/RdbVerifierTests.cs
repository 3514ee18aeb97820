using System.Buffers.Binary;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis.Rdb;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Redis.Rdb;

/// <summary>One RDB file, written by a real redis-server and fetched with redis-cli --rdb, shared by the class.</summary>
public sealed class RealRdbFile : IAsyncLifetime
{
    public byte[] Content { get; private set; } = [];

    /// <summary>DBSIZE of the server when the file was taken.</summary>
    public long KeyCount { get; private set; }

    public async Task InitializeAsync()
    {
        await using var server = await RedisTestServer.StartAsync("--repl-diskless-sync-delay", "0");
        await server.SeedAsync();
        KeyCount = await server.KeyCountAsync();
        Content = await server.RedisCliRdbAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The verifier against RDB files a real redis-server wrote, intact and damaged.</summary>
public sealed class RdbVerifierTests(RealRdbFile file) : IClassFixture<RealRdbFile>
{
    private readonly byte[] _rdb = file.Content;

    [Fact]
    public async Task Passes_an_rdb_written_by_redis_and_reads_its_version_length_and_checksum()
    {
        var summary = await VerifyAsync(_rdb);
        Assert.Equal(int.Parse(System.Text.Encoding.ASCII.GetString(_rdb, 5, 4)), summary.Version);
        Assert.InRange(summary.Version, 10, 99);
        Assert.Equal(_rdb.Length, summary.Bytes);
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(_rdb.AsSpan(_rdb.Length - 8)), summary.Checksum);
        Assert.True(summary.HasChecksum);
        Assert.Null(summary.Problem);
    }

    [Fact]
    public async Task Passes_when_the_stream_arrives_in_one_byte_reads()
    {
        var summary = await RdbVerifier.VerifyAsync(TrickleStream.OneByteAtATime(_rdb), "test", CancellationToken.None);
        Assert.Equal(_rdb.Length, summary.Bytes);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(0.5)]
    [InlineData(-9)]
    public async Task Fails_with_RedisRdbChecksumMismatch_when_one_byte_is_flipped(double where)
    {
        var damaged = (byte[])_rdb.Clone();
        var index = where >= 1 ? (int)where : where < 0 ? damaged.Length + (int)where - 1 : (int)(damaged.Length * where);
        damaged[index] ^= 0x20;
        var ex = await Assert.ThrowsAsync<DrException>(() => VerifyAsync(damaged));
        Assert.Equal(ErrorIds.RedisRdbChecksumMismatch, ex.ErrorId);
    }

    [Fact]
    public async Task Fails_with_RedisRdbChecksumMismatch_when_the_trailer_is_altered()
    {
        var damaged = (byte[])_rdb.Clone();
        damaged[^1] ^= 0x01;
        Assert.Equal(ErrorIds.RedisRdbChecksumMismatch, (await Assert.ThrowsAsync<DrException>(() => VerifyAsync(damaged))).ErrorId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(100)]
    public async Task Fails_with_RedisRdbMalformed_when_truncated(int atLeast)
    {
        // Where the cut file's EOF opcode would be, the original must not hold 0xFF by chance (then only the CRC could tell).
        var cut = Enumerable.Range(atLeast, 64).First(c => _rdb[^(c + 9)] != 0xff);
        var ex = await Assert.ThrowsAsync<DrException>(() => VerifyAsync(_rdb[..^cut]));
        Assert.Equal(ErrorIds.RedisRdbMalformed, ex.ErrorId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("RED")]
    [InlineData("REDIS00")]
    [InlineData("REDIS0011\u00ff")]
    [InlineData("PK\u0003\u0004 not an rdb at all, but long enough")]
    [InlineData("REDISabcd\u00ff12345678")]
    public async Task Fails_with_RedisRdbMalformed_for_bad_magic_version_or_length(string content)
    {
        var ex = await Assert.ThrowsAsync<DrException>(() => VerifyAsync(System.Text.Encoding.Latin1.GetBytes(content)));
        Assert.Equal(ErrorIds.RedisRdbMalformed, ex.ErrorId);
    }

    [Fact]
    public async Task Fails_with_RedisRdbMalformed_when_bytes_follow_the_trailer()
    {
        var ex = await Assert.ThrowsAsync<DrException>(() => VerifyAsync([.. _rdb, (byte)'\n']));
        Assert.Equal(ErrorIds.RedisRdbMalformed, ex.ErrorId);
    }

    [Fact]
    public async Task Reports_a_zero_trailer_as_a_problem_and_not_as_a_pass()
    {
        var unchecked_ = (byte[])_rdb.Clone();
        unchecked_.AsSpan(unchecked_.Length - 8).Clear();
        var summary = await VerifyAsync(unchecked_);
        Assert.False(summary.HasChecksum);
        Assert.Contains("rdbchecksum", summary.Problem);

        var check = await RdbContentRule.CheckAsync(new MemoryStream(unchecked_), new BackupPart { Key = "k" }, CancellationToken.None);
        Assert.False(check.Passed);
        Assert.Equal(ErrorIds.RedisRdbChecksumMismatch, check.ErrorId);
    }

    [Fact]
    public async Task The_integrity_rule_passes_a_good_file_and_names_the_error_of_a_bad_one()
    {
        var good = await RdbContentRule.CheckAsync(new MemoryStream(_rdb), new BackupPart { Key = "redis/x/1/dump.rdb" }, CancellationToken.None);
        Assert.True(good.Passed, good.Detail);
        Assert.Equal("RedisRdb", good.Name);

        var damaged = (byte[])_rdb.Clone();
        damaged[damaged.Length / 2] ^= 0xff;
        var bad = await RdbContentRule.CheckAsync(new MemoryStream(damaged), new BackupPart { Key = "redis/x/1/dump.rdb" }, CancellationToken.None);
        Assert.False(bad.Passed);
        Assert.Equal(ErrorIds.RedisRdbChecksumMismatch, bad.ErrorId);
        Assert.Equal(ErrorIds.RedisRdbMalformed,
            (await RdbContentRule.CheckAsync(new MemoryStream(_rdb[..20]), new BackupPart { Key = "k" }, CancellationToken.None)).ErrorId);
    }

    private static Task<RdbSummary> VerifyAsync(byte[] content) => RdbVerifier.VerifyAsync(new MemoryStream(content), "test", CancellationToken.None);
}
