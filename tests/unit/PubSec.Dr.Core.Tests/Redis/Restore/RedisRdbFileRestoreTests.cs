using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Redis.Restore;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Redis.Rdb;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Redis.Restore;

/// <summary>
/// Restore-RedisBackup -DataDirectory against RDB files a real redis-server wrote: a damaged file whose manifest
/// was made to match (hash and size rewritten) is refused before anything is replaced; a good one takes dump.rdb's
/// place, the replaced file is kept beside it, and a server starts from the new one.
/// </summary>
public sealed class RedisRdbFileRestoreTests(RealRdbFile file) : IClassFixture<RealRdbFile>, IDisposable
{
    private const string PartKey = "redis/lab/20260101T000000Z-abcdef/dump.rdb";
    private static readonly byte[] Previous = "the server's own dump.rdb, which must survive a refused restore"u8.ToArray();
    private readonly TempDirectory _store = new();
    private readonly TempDirectory _data = new();

    private string DumpPath => Path.Combine(_data.Path, RedisRdbFileRestore.FileName);

    [Theory]
    [InlineData("flip", ErrorIds.RedisRdbChecksumMismatch)]
    [InlineData("truncate", ErrorIds.RedisRdbMalformed)]
    [InlineData("extend", ErrorIds.RedisRdbMalformed)]
    public async Task Refuses_an_rdb_whose_manifest_was_made_to_match_and_leaves_dump_rdb_untouched(string damage, string errorId)
    {
        var rdb = (byte[])file.Content.Clone();
        rdb = damage switch
        {
            "flip" => Flip(rdb),
            // Cut where the new last 9 bytes do not start with 0xFF by chance, so only the missing EOF can tell.
            "truncate" => rdb[..^Enumerable.Range(100, 64).First(c => rdb[^(c + 9)] != 0xff)],
            _ => [.. rdb, .. "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"u8],
        };
        var backup = await StoredAsync(rdb);
        await File.WriteAllBytesAsync(DumpPath, Previous);

        var ex = await Assert.ThrowsAsync<DrException>(() => Restore(backup));

        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains("unchanged", ex.Message);
        Assert.Equal(Previous, await File.ReadAllBytesAsync(DumpPath));
        Assert.Equal([RedisRdbFileRestore.FileName], Directory.GetFiles(_data.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Installs_a_good_rdb_keeps_the_replaced_dump_rdb_beside_it_and_a_server_starts_from_the_new_one()
    {
        await File.WriteAllBytesAsync(DumpPath, Previous);

        var result = await Restore(await StoredAsync(file.Content));

        Assert.Equal("Succeeded", result.Verdict);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(DumpPath));
        var kept = Assert.Single(Directory.GetFiles(_data.Path, "dump.rdb.replaced-*"));
        Assert.Equal(kept, result.ReplacedFile);
        Assert.Matches(@"dump\.rdb\.replaced-\d{8}T\d{6}Z$", kept);
        Assert.Equal(Previous, await File.ReadAllBytesAsync(kept));
        Assert.Equal(file.KeyCount, result.KeysRestored);
        Assert.Equal(2, Directory.GetFiles(_data.Path).Length);

        await using var server = await RedisTestServer.StartAsync(await File.ReadAllBytesAsync(DumpPath));
        Assert.Equal(file.KeyCount, await server.KeyCountAsync());
    }

    [Fact]
    public async Task A_second_restore_in_the_same_second_keeps_both_replaced_files()
    {
        var backup = await StoredAsync(file.Content);
        // The kept name carries the UTC second, so the case exists only when both restores land in one second: each
        // attempt starts at a second boundary, and an attempt that straddled two seconds is tried again, not counted.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            foreach (var stale in Directory.GetFiles(_data.Path))
            {
                File.Delete(stale);
            }

            await File.WriteAllBytesAsync(DumpPath, Previous);
            await Task.Delay(TimeSpan.FromMilliseconds(1000 - DateTime.UtcNow.Millisecond));
            var first = await Restore(backup);
            var second = await Restore(backup);
            if (Stamp(first.ReplacedFile!) != Stamp(second.ReplacedFile!))
            {
                continue;
            }

            Assert.Equal(first.ReplacedFile + "-2", second.ReplacedFile);
            Assert.Equal(Previous, await File.ReadAllBytesAsync(first.ReplacedFile!));
            Assert.Equal(file.Content, await File.ReadAllBytesAsync(second.ReplacedFile!));
            return;
        }

        Assert.Fail("No two restores landed in the same second in 5 attempts.");
    }

    private static string Stamp(string keptFile) =>
        System.Text.RegularExpressions.Regex.Match(Path.GetFileName(keptFile), @"replaced-(\d{8}T\d{6}Z)").Groups[1].Value;

    [Fact]
    public async Task Without_an_existing_dump_rdb_nothing_is_kept()
    {
        var result = await Restore(await StoredAsync(file.Content));
        Assert.Null(result.ReplacedFile);
        Assert.Equal([RedisRdbFileRestore.FileName], Directory.GetFiles(_data.Path).Select(Path.GetFileName));
    }

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    private static byte[] Flip(byte[] rdb)
    {
        rdb[rdb.Length / 2] ^= 0x10;
        return rdb;
    }

    private Task<RedisRestoreResult> Restore(RedisBackup backup) =>
        new RedisRdbFileRestore(_data.Path, NullOperationLog.Instance) { Replace = true }.RestoreAsync(backup, backup.Store!, null, CancellationToken.None);

    /// <summary>The file stored as a backup's part, with a manifest whose size and SHA-256 match it, as an attacker or a bad copy would leave it.</summary>
    private Task<RedisBackup> StoredAsync(byte[] rdb) => SyntheticBackup.WriteRedisAsync(new FolderBackupStore(_store.Path), new RedisBackup
    {
        Id = "20260101T000000Z-abcdef",
        Name = "lab",
        Mode = RedisBackupMode.Rdb,
        Status = BackupStatus.Succeeded,
        KeyCount = file.KeyCount,
    }, PartKey, rdb);
}
