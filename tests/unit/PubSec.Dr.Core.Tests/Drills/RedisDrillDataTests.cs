using PubSec.Dr.Backends;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Drills;
using PubSec.Dr.Drills.Scenarios;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Failover;
using PubSec.Dr.Operations;
using PubSec.Dr.Redis.Logical;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Redis.Rdb;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Drills;

/// <summary>
/// The restore drill's Redis part against two real redis-servers (a source and the drillRedis): a logical backup is
/// restored into the scratch server and compared with the backup, a changed or lost key is caught, and a scratch
/// server holding keys the drill did not put there is refused before anything is ledgered or written.
/// </summary>
public sealed class RedisDrillDataTests : IAsyncLifetime
{
    private const string PasswordVariable = "PUBSECDR_UNIT_DRILL_REDIS_PASSWORD";
    private readonly TempDirectory _root = new();
    private RedisTestServer _source = null!;
    private RedisTestServer _scratch = null!;
    private DrEnvironment _environment = null!;
    private FolderBackupStore _store = null!;
    private DrillLedger _ledger = null!;
    private DecryptionKeyRing _keys = null!;

    public async Task InitializeAsync()
    {
        System.Environment.SetEnvironmentVariable(PasswordVariable, RedisTestServer.Password);
        _source = await RedisTestServer.StartAsync();
        _scratch = await RedisTestServer.StartAsync();
        List<string[]> seed =
        [
            ["SET", "s:short", "v"], ["SET", "s:ttl", "x", "EX", "3600"], ["RPUSH", "l:small", "a", "b"], ["SADD", "set:small", "a", "b"],
            ["ZADD", "z:small", "1", "a", "2.5", "b"], ["HSET", "h:small", "f1", "v1"], ["XADD", "x", "*", "f", "v"],
        ];
        // Above the listpack limits: a hash table, serialized in each server's own order, compared value by value.
        seed.Add(["HSET", "h:big", .. Enumerable.Range(0, 600).SelectMany(i => new[] { $"field-{i}", $"value-{i}" })]);
        seed.Add(["SADD", "set:big", .. Enumerable.Range(0, 600).Select(i => $"member-{i}")]);
        await _source.RunAsync(seed);

        var storePath = Directory.CreateDirectory(Path.Combine(_root.Path, "store")).FullName;
        _store = new FolderBackupStore(storePath);
        await new RedisLogicalBackupEngine(BackendFactory.Default, _source.Endpoint(), _store, NullOperationLog.Instance) { Name = "balances" }
            .BackupAsync(null, CancellationToken.None);
        _environment = DrEnvironmentLoader.Parse($$"""
            { "name": "unit", "regions": { "primary": {
                "redis": { "endpoint": "127.0.0.1:{{_source.Port}}", "passwordVariable": "{{PasswordVariable}}" },
                "drillRedis": { "endpoint": "127.0.0.1:{{_scratch.Port}}", "passwordVariable": "{{PasswordVariable}}" },
                "store": { "location": "{{storePath}}" } } } }
            """, Path.Combine(_root.Path, "env.json"));
        _ledger = new DrillLedger(_store, new DrillLedgerRecord { Id = "unit", Environment = "unit", Scenario = DrillScenario.DatabaseRestore }, new FailoverLeasePolicy());
        _keys = new DecryptionKeyRing([], searchStores: false);
    }

    public async Task DisposeAsync()
    {
        _keys.Dispose();
        await _source.DisposeAsync();
        await _scratch.DisposeAsync();
        _root.Dispose();
    }

    private DrillContext Context() => new("unit", new DrillRequest(_environment, DrillScenario.DatabaseRestore, _environment.Region("primary")),
        BackendFactory.Default, _store, _ledger, _keys, NullOperationLog.Instance, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_logical_backup_is_restored_into_the_ledgered_scratch_redis_and_matches_the_backup()
    {
        var context = Context();

        await RedisDrillData.RestoreNewestAsync(context, new DrillPhase(), CancellationToken.None);

        Assert.All(context.Checks, c => Assert.True(c.Passed, $"{c.Name}: {c.Observed}"));
        Assert.Equal(["BackupIntegrity", "RedisRestore", "RedisKeyCount", "RedisSampledKeys"], context.Checks.Select(c => c.Name));
        Assert.Equal("Redis balances: 9 sampled key(s) of 9 equal in type and value to the backup", context.Checks[^1].Observed);
        Assert.Equal($"127.0.0.1:{_scratch.Port}", Assert.Single(_ledger.Resources, r => r.Kind == RedisScratchRemover.ResourceKind).Name);
        Assert.Equal(9, await _scratch.KeyCountAsync());
    }

    [Theory]
    [InlineData("DEL h:small|SET h:small now-a-string", "h:small: a string, the backup holds a hash")]
    [InlineData("HSET h:big field-599 changed", "h:big: field 'field-599' differs (9 vs 7 bytes)")]
    [InlineData("SADD set:big member-600", "set:big: set of 600 vs 601 members")]
    [InlineData("RPUSH l:small c", "l:small: list of 2 vs 3 elements")]
    public async Task A_sampled_key_changed_after_the_restore_is_a_failed_check_naming_it(string commands, string expected)
    {
        var context = await RestoredAsync();
        await _scratch.RunAsync(commands.Split('|').Select(c => c.Split(' ')));

        await CompareAgainAsync(context);

        var sampled = context.Checks[^1];
        Assert.Equal("RedisSampledKeys", sampled.Name);
        Assert.False(sampled.Passed);
        Assert.True(sampled.Observed.Contains(expected, StringComparison.Ordinal), sampled.Observed);
        Assert.StartsWith("Redis balances: 1 of 9 sampled key(s) differ from the backup", sampled.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_key_fails_the_key_count_and_the_sample()
    {
        var context = await RestoredAsync();
        await _scratch.RunAsync([["DEL", "s:short"]]);

        await CompareAgainAsync(context);

        var count = context.Checks.Last(c => c.Name == "RedisKeyCount");
        Assert.False(count.Passed);
        Assert.Equal("Redis balances: 8 key(s) in the scratch Redis, 9 restored, the manifest says 9", count.Observed);
        Assert.Contains("s:short: missing", context.Checks[^1].Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_a_ttl_gone_since_the_backup_is_no_loss()
    {
        var context = await RestoredAsync();
        await _scratch.RunAsync([["DEL", "s:ttl"]]);

        await CompareAgainAsync(context);

        var count = context.Checks.Last(c => c.Name == "RedisKeyCount");
        Assert.True(count.Passed, count.Observed);
        Assert.Equal("Redis balances: 8 key(s) in the scratch Redis, 9 restored, the manifest says 9 (1 with a TTL expired since)", count.Observed);
        Assert.Equal("Redis balances: 8 sampled key(s) of 9 equal in type and value to the backup (1 expired since)", context.Checks[^1].Observed);
    }

    /// <summary>A drill context whose phase restored the backup into the scratch server, every check passing.</summary>
    private async Task<DrillContext> RestoredAsync()
    {
        var context = Context();
        await RedisDrillData.RestoreNewestAsync(context, new DrillPhase(), CancellationToken.None);
        Assert.All(context.Checks, c => Assert.True(c.Passed, $"{c.Name}: {c.Observed}"));
        return context;
    }

    private async Task CompareAgainAsync(DrillContext context)
    {
        var backup = Assert.Single((await new BackupCatalog(_store).ListAsync(new BackupQuery(), CancellationToken.None)).OfType<RedisBackup>());
        await RedisRestoreComparison.CompareAsync(context, backup, RegionConnections.DrillRedis(_environment.Region("primary"))!, 9, CancellationToken.None);
    }

    [Fact]
    public async Task A_scratch_redis_holding_keys_no_ledger_explains_is_refused_before_it_is_ledgered_or_written()
    {
        await _scratch.RunAsync([["SET", "someone:else", "their data"]]);
        var context = Context();

        var error = await Assert.ThrowsAsync<DrException>(() => RedisDrillData.RestoreNewestAsync(context, new DrillPhase(), CancellationToken.None));

        Assert.Equal(ErrorIds.DrillScratchRedisInUse, error.ErrorId);
        Assert.Empty(_ledger.Resources);
        Assert.Equal(1, await _scratch.KeyCountAsync());
    }
}
