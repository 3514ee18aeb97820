using System.Buffers.Binary;
using System.Text;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis.Rdb;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Redis.Rdb;

/// <summary>
/// The key count the verifier reads in its one pass, against RDB files a real redis-server wrote with every kind
/// of record, and the Full integrity rule that holds the manifest's KeyCount to it.
/// </summary>
public sealed class RdbKeyspaceTests(RealRdbFile file) : IClassFixture<RealRdbFile>
{
    [Theory]
    [InlineData("noeviction")]
    [InlineData("allkeys-lru")] // an IDLE record before every key
    [InlineData("allkeys-lfu")] // a FREQ record before every key
    public async Task Counts_every_key_of_every_database_as_the_server_does(string policy)
    {
        await using var server = await RedisTestServer.StartAsync("--maxmemory-policy", policy, "--repl-diskless-sync-delay", "0");
        await server.SeedEveryTypeAsync();
        var expected = await server.KeyCountsAsync();
        var rdb = await server.RedisCliRdbAsync();

        var summary = await RdbVerifier.VerifyAsync(new MemoryStream(rdb), "test", CancellationToken.None);

        Assert.Null(summary.KeyspaceUnread);
        Assert.Equal([0, 3, 15], expected.Keys.Order());
        Assert.Equal(expected, summary.Keyspace!.Databases.ToDictionary(d => d.Database, d => d.Keys));
        Assert.Equal(expected.Values.Sum(), summary.KeyCount);
        // SAVE/BGSAVE/replication write the key table's size as RESIZEDB, then every key of it.
        Assert.All(summary.Keyspace.Databases, d => Assert.Equal(d.Keys, d.Announced));
    }

    [Fact]
    public async Task Counts_the_same_when_the_file_arrives_a_byte_at_a_time()
    {
        var summary = await RdbVerifier.VerifyAsync(TrickleStream.OneByteAtATime(file.Content), "test", CancellationToken.None);
        Assert.Equal(file.KeyCount, summary.KeyCount);
    }

    [Fact]
    public async Task Full_integrity_passes_the_recorded_count_and_fails_any_other_with_RedisRdbKeyCountMismatch()
    {
        var part = new BackupPart { Key = "redis/x/1/dump.rdb" };
        var good = await RdbContentRule.CheckAsync(new MemoryStream(file.Content), part, new RedisBackup { KeyCount = file.KeyCount }, CancellationToken.None);
        Assert.True(good.Passed, good.Detail);
        Assert.Contains($"{file.KeyCount} key(s)", good.Detail);

        foreach (var edited in new[] { file.KeyCount + 1, file.KeyCount - 1, 0 })
        {
            var bad = await RdbContentRule.CheckAsync(new MemoryStream(file.Content), part, new RedisBackup { KeyCount = edited }, CancellationToken.None);
            Assert.False(bad.Passed);
            Assert.Equal(ErrorIds.RedisRdbKeyCountMismatch, bad.ErrorId);
            Assert.Contains($"manifest recorded {edited}", bad.Detail);
        }
    }

    [Fact]
    public async Task A_record_it_cannot_read_leaves_the_count_unproven_and_the_crc_still_decides()
    {
        // A well-formed file with a value type no Redis has written yet (30), with a correct CRC-64.
        var rdb = Rdb([0xfe, 0x00, 0xfb, 0x01, 0x00, 30, 0x01, (byte)'k', 0x02, (byte)'v', (byte)'v']);

        var summary = await RdbVerifier.VerifyAsync(new MemoryStream(rdb), "test", CancellationToken.None);
        Assert.Null(summary.Keyspace);
        Assert.Contains("value type 30", summary.KeyspaceUnread);

        var check = await RdbContentRule.CheckAsync(new MemoryStream(rdb), new BackupPart { Key = "k" }, new RedisBackup { KeyCount = 1 }, CancellationToken.None);
        Assert.True(check.Passed, check.Detail);
        Assert.Contains("not proven", check.Detail);

        rdb[^1] ^= 1;
        Assert.Equal(ErrorIds.RedisRdbChecksumMismatch, (await Assert.ThrowsAsync<DrException>(() => RdbVerifier.VerifyAsync(new MemoryStream(rdb), "test", CancellationToken.None))).ErrorId);
    }

    [Fact]
    public async Task Keys_before_any_SELECTDB_count_for_database_0_and_an_empty_file_holds_none()
    {
        var summary = await RdbVerifier.VerifyAsync(new MemoryStream(Rdb([0x00, 0x01, (byte)'a', 0x01, (byte)'1', 0x00, 0x01, (byte)'b', 0xc0, 0x07])), "test", CancellationToken.None);
        Assert.Equal(2, summary.KeyCount);
        Assert.Equal(0, Assert.Single(summary.Keyspace!.Databases).Database);

        var empty = await RdbVerifier.VerifyAsync(new MemoryStream(Rdb([])), "test", CancellationToken.None);
        Assert.Equal(0, empty.KeyCount);
        Assert.Empty(empty.Keyspace!.Databases);
    }

    /// <summary>"REDIS0011", the records, the EOF opcode and the CRC-64 trailer.</summary>
    private static byte[] Rdb(byte[] records)
    {
        byte[] body = [.. Encoding.ASCII.GetBytes("REDIS0011"), .. records, 0xff];
        var trailer = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, RdbCrc64.Compute(body));
        return [.. body, .. trailer];
    }
}
