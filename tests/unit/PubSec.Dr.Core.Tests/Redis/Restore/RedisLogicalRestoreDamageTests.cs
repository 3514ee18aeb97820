using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Redis.Logical;
using PubSec.Dr.Redis.Restore;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Redis.Rdb;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Redis.Restore;

/// <summary>
/// The logical restore writes as it reads (a 50 GB dump is never read twice or held), so what it can prove before a
/// write is each record: its checksum, and Redis's own CRC of the DUMP payload in RESTORE. These pin that a damaged
/// dump whose manifest was made to match never restores the damaged record and never reports Succeeded, and that
/// damage found only at the end (a cut or extended file) is reported with how many keys were written.
/// </summary>
public sealed class RedisLogicalRestoreDamageTests : IAsyncLifetime
{
    private readonly TempDirectory _store = new();
    private readonly List<IAsyncDisposable> _cleanup = [];
    private RedisTestServer _source = null!;
    private RedisBackup _backup = null!;
    private byte[] _dump = [];
    private long _keys;
    private string _canary = string.Empty;

    public async Task InitializeAsync()
    {
        _source = await RedisTestServer.StartAsync();
        await _source.SeedAsync(100);
        // Incompressible, so the DUMP payload holds it verbatim and a test can find its middle.
        _canary = string.Concat(Enumerable.Range(0, 2048).Select(_ => Guid.NewGuid().ToString("N")));
        await _source.RunAsync([["SET", "canary", _canary]]);
        _keys = await _source.KeyCountAsync();
        _backup = await new RedisLogicalBackupEngine(PubSec.Dr.Backends.BackendFactory.Default, _source.Endpoint(), new FolderBackupStore(_store.Path), NullOperationLog.Instance) { Name = "damage" }
            .BackupAsync(null, CancellationToken.None);
        _dump = await File.ReadAllBytesAsync(Path.Combine(_store.Path, _backup.Parts[0].Key));
    }

    [Fact]
    public async Task A_flipped_byte_stops_the_restore_before_the_damaged_record_is_written()
    {
        var damaged = (byte[])_dump.Clone();
        damaged[damaged.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(_canary[..64])) + 30000] ^= 1;

        var (result, failure, target) = await RestoreAsync(damaged);

        Assert.Equal(ErrorIds.RedisDumpRecordChecksumMismatch, failure?.ErrorId);
        Assert.NotEqual("Succeeded", result.Verdict);
        Assert.True(result.KeysRestored < _keys);
        Assert.Equal(result.KeysRestored, await target.KeyCountAsync());
        await AssertMissingAsync(target, "canary");
    }

    [Theory]
    [InlineData(-100)]
    [InlineData(16)]
    public async Task A_cut_or_extended_dump_is_reported_as_Partial_with_RedisDumpMalformed(int change)
    {
        byte[] damaged = change < 0 ? _dump[..^-change] : [.. _dump, .. new byte[change]];

        var (result, failure, target) = await RestoreAsync(damaged);

        Assert.Equal(ErrorIds.RedisDumpMalformed, failure?.ErrorId);
        Assert.Equal("Partial", result.Verdict);
        Assert.Equal(result.KeysRestored, await target.KeyCountAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var item in _cleanup)
        {
            await item.DisposeAsync();
        }

        await _source.DisposeAsync();
        _store.Dispose();
    }

    /// <summary>Restores the damaged dump, its manifest's size and SHA-256 made to match, into a fresh server.</summary>
    private async Task<(RedisRestoreResult Result, DrException? Failure, RedisTestServer Target)> RestoreAsync(byte[] damaged)
    {
        var store = new TempDirectory();
        _cleanup.Add(new Disposer(store));
        var folder = new FolderBackupStore(store.Path);
        var backup = await SyntheticBackup.WriteRedisAsync(folder, new RedisBackup
        {
            Id = _backup.Id,
            Name = _backup.Name,
            Mode = RedisBackupMode.Logical,
            Status = BackupStatus.Succeeded,
            KeyCount = _backup.KeyCount,
            RdbVersion = _backup.RdbVersion,
        }, _backup.Parts[0].Key, damaged);
        var target = await RedisTestServer.StartAsync();
        _cleanup.Add(target);
        var (result, failure) = await new RedisLogicalRestoreEngine(PubSec.Dr.Backends.BackendFactory.Default, target.Endpoint(), NullOperationLog.Instance)
            .RestoreAsync(backup, folder, null, CancellationToken.None);
        return (result, failure, target);
    }

    private static async Task AssertMissingAsync(RedisTestServer server, string key)
    {
        await using var connection = await PubSec.Dr.Redis.Rdb.RedisWireConnection.OpenAsync(server.Endpoint(), TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal("0", (await connection.CommandAsync(["EXISTS", key], "checking", CancellationToken.None)).Text);
    }

    private sealed class Disposer(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
