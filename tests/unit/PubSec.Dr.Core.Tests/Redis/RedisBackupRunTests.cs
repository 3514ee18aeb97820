using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Backup;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Redis.Fakes;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Redis;

/// <summary>New-RedisBackup's decisions, through fakes of the Redis server: which format is taken, and why.</summary>
public sealed class RedisBackupRunTests : IDisposable
{
    private static readonly RedisEndpoint Server = new("cache.example:6380");
    private readonly TempDirectory _root = new();
    private readonly FolderBackupStore _store;
    private readonly FakeRedisConnector _redis = new();
    private readonly ListLog _log = new();

    public RedisBackupRunTests()
    {
        _store = new FolderBackupStore(_root.Path);
        var server = _redis.Add(Server);
        server.Set("session:1", "alice", pttl: 60_000);
        server.Set("session:2", "bob");
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task RdbRefused_WithFallbackLogical_TakesALogicalBackupOfEveryKey_AndSaysWhy()
    {
        var outcome = await RunAsync(new RedisBackupRequest { Endpoint = Server, Mode = RedisBackupMode.Rdb, Fallback = RedisBackupMode.Logical });

        Assert.NotNull(outcome);
        Assert.Equal(RedisBackupMode.Logical, outcome.Backup.Mode);
        Assert.Equal(2, outcome.Backup.KeyCount);
        Assert.True(outcome.FellBack);
        Assert.Contains("unknown command 'PSYNC'", outcome.FallbackReason);
        Assert.EndsWith("Falling back to a logical backup of every key, as -Fallback Logical asks.", outcome.FallbackReason);
        Assert.Equal([outcome.FallbackReason!], _log.Warnings);
        Assert.Equal(["replication cache.example:6380", "keys cache.example:6380"], _redis.Connections);
        var listed = Assert.Single(await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None));
        Assert.Equal(outcome.Backup.Id, listed.Id);
    }

    [Fact]
    public async Task RdbRefused_WithoutFallback_FailsWithTheRefusal_AndNeverDumpsKeys()
    {
        var error = await Assert.ThrowsAsync<DrException>(() =>
            RunAsync(new RedisBackupRequest { Endpoint = Server, Mode = RedisBackupMode.Rdb }));

        Assert.Equal(ErrorIds.RedisCommandRefused, error.ErrorId);
        Assert.Equal(["replication cache.example:6380"], _redis.Connections);
        Assert.Empty(await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None));
    }

    [Fact]
    public async Task AnRdbFailureThatIsNotARefusal_DoesNotFallBack()
    {
        _redis.RdbFailure = endpoint => new DrException(ErrorIds.RedisTimeout, DrErrorCategory.OperationTimeout, "no answer", "wait", endpoint.Display);

        var error = await Assert.ThrowsAsync<DrException>(() =>
            RunAsync(new RedisBackupRequest { Endpoint = Server, Mode = RedisBackupMode.Rdb, Fallback = RedisBackupMode.Logical }));

        Assert.Equal(ErrorIds.RedisTimeout, error.ErrorId);
        Assert.DoesNotContain("keys cache.example:6380", _redis.Connections);
    }

    [Fact]
    public async Task ModeLogical_DumpsOnlyTheKeysOfThePattern()
    {
        var server = _redis.Add(Server);
        server.Set("session:1", "alice");
        server.Set("other", "x");

        var outcome = await RunAsync(new RedisBackupRequest { Endpoint = Server, Mode = RedisBackupMode.Logical, Pattern = "session:*" });

        Assert.Equal(RedisBackupMode.Logical, outcome!.Backup.Mode);
        Assert.Equal(1, outcome.Backup.KeyCount);
        Assert.False(outcome.FellBack);
        Assert.Equal(["keys cache.example:6380"], _redis.Connections);
    }

    [Theory]
    [InlineData(RedisBackupMode.Logical, RedisBackupMode.Logical, null)]
    [InlineData(RedisBackupMode.Rdb, null, "session:*")]
    public async Task ConflictingOptions_AreRefusedBeforeAnythingIsAskedOrTouched(RedisBackupMode mode, RedisBackupMode? fallback, string? pattern)
    {
        var asked = false;
        var error = await Assert.ThrowsAsync<DrException>(() => new RedisBackupRun(_redis, _store, _log).BackupAsync(
            new RedisBackupRequest { Endpoint = Server, Mode = mode, Fallback = fallback, Pattern = pattern }, (_, _) => asked = true, null, CancellationToken.None));

        Assert.Equal(ErrorIds.RedisBackupModeConflict, error.ErrorId);
        Assert.False(asked);
        Assert.Empty(_redis.Connections);
    }

    [Fact]
    public async Task NotConfirmed_ConnectsToNothing_AndReturnsNothing()
    {
        var questions = new List<(string Target, string Action)>();

        var outcome = await new RedisBackupRun(_redis, _store, _log).BackupAsync(new RedisBackupRequest { Endpoint = Server, Mode = RedisBackupMode.Rdb, Name = "cache" },
            (target, action) => { questions.Add((target, action)); return false; }, null, CancellationToken.None);

        Assert.Null(outcome);
        Assert.Equal([("cache.example:6380", $"pull the RDB file of Redis cache.example:6380 and store it in {_store.Location} as 'cache'")], questions);
        Assert.Empty(_redis.Connections);
    }

    private Task<RedisBackupOutcome?> RunAsync(RedisBackupRequest request) =>
        new RedisBackupRun(_redis, _store, _log).BackupAsync(request, (_, _) => true, null, CancellationToken.None);
}
