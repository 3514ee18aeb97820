using PubSec.Dr.Backends;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Drills;
using PubSec.Dr.Drills.Scenarios;
using PubSec.Dr.Environments;
using PubSec.Dr.Failover;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Redis.Rdb;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Drills;

/// <summary>
/// The failover drill's Redis step against real redis-servers: the target region's drillRedis follows the source
/// region's Redis, catches up, is promoted and holds the source's keys; the source is only read. Without a drillRedis
/// the phase is skipped and says what to add.
/// </summary>
public sealed class RedisDrillCopyTests : IAsyncLifetime
{
    private const string PasswordVariable = "PUBSECDR_UNIT_DRILL_COPY_PASSWORD";
    private readonly TempDirectory _root = new();
    private RedisTestServer _source = null!;
    private RedisTestServer _copy = null!;
    private FolderBackupStore _store = null!;
    private DecryptionKeyRing _keys = null!;

    public async Task InitializeAsync()
    {
        System.Environment.SetEnvironmentVariable(PasswordVariable, RedisTestServer.Password);
        // No diskless delay: the copy's full sync starts at once.
        _source = await RedisTestServer.StartAsync("--repl-diskless-sync-delay", "0");
        _copy = await RedisTestServer.StartAsync();
        await _source.SeedAsync(40);
        _store = new FolderBackupStore(Directory.CreateDirectory(Path.Combine(_root.Path, "store")).FullName);
        _keys = new DecryptionKeyRing([], searchStores: false);
    }

    public async Task DisposeAsync()
    {
        _keys.Dispose();
        await _source.DisposeAsync();
        await _copy.DisposeAsync();
        _root.Dispose();
    }

    private (DrillContext Context, DrillLedger Ledger, DrEnvironment Environment) Drill(bool withDrillRedis)
    {
        var drill = withDrillRedis ? $$""", "drillRedis": { "endpoint": "127.0.0.1:{{_copy.Port}}", "passwordVariable": "{{PasswordVariable}}" }""" : string.Empty;
        var environment = DrEnvironmentLoader.Parse($$"""
            { "name": "unit", "regions": {
                "primary": { "redis": { "endpoint": "127.0.0.1:{{_source.Port}}", "passwordVariable": "{{PasswordVariable}}" } },
                "secondary": { "redis": { "endpoint": "127.0.0.1:1" }{{drill}} } } }
            """, Path.Combine(_root.Path, "env.json"));
        var ledger = new DrillLedger(_store, new DrillLedgerRecord { Id = "unit", Environment = "unit", Scenario = DrillScenario.RegionalFailover }, new FailoverLeasePolicy());
        var context = new DrillContext("unit", new DrillRequest(environment, DrillScenario.RegionalFailover, environment.Region("primary")),
            BackendFactory.Default, _store, ledger, _keys, NullOperationLog.Instance, DateTimeOffset.UtcNow);
        return (context, ledger, environment);
    }

    [Fact]
    public async Task The_target_drill_redis_follows_the_source_catches_up_is_promoted_and_holds_its_keys()
    {
        var (context, ledger, environment) = Drill(withDrillRedis: true);
        var phase = new DrillPhase { Name = "RedisData" };
        var sourceKeys = await _source.KeyCountAsync();

        await RedisDrillData.PromoteDrillCopyAsync(context, phase, environment.Region("primary"), environment.Region("secondary"), CancellationToken.None);

        var check = Assert.Single(context.Checks);
        Assert.Equal("RedisDrillCopy", check.Name);
        Assert.True(check.Passed, check.Observed);
        Assert.Equal($"{sourceKeys} key(s) in the promoted drill copy 127.0.0.1:{_copy.Port}, {sourceKeys} in 127.0.0.1:{_source.Port} (primary)", check.Observed);
        Assert.Equal(sourceKeys, await _copy.KeyCountAsync());
        Assert.Equal(0, (await _copy.KeyCountsAsync()).Keys.Count(db => db != 0));
        Assert.Contains(phase.Details, d => d.StartsWith($"Redis drill copy 127.0.0.1:{_copy.Port} caught up with 127.0.0.1:{_source.Port}", StringComparison.Ordinal));
        Assert.NotNull(context.Rpo);
        Assert.Contains("before it caught up", context.RpoBasis, StringComparison.Ordinal);
        Assert.Equal($"127.0.0.1:{_copy.Port}", Assert.Single(ledger.Resources).Name);

        // The cleanup: the promoted copy is emptied, the source keeps every key.
        await new RedisScratchRemover(BackendFactory.Default).RemoveAsync(environment, ledger.Resources[0], CancellationToken.None);
        Assert.Equal(0, await _copy.KeyCountAsync());
        Assert.Equal(sourceKeys, await _source.KeyCountAsync());
    }

    [Fact]
    public async Task Without_a_drill_redis_in_the_target_the_phase_is_skipped_and_says_what_to_add()
    {
        var (context, ledger, environment) = Drill(withDrillRedis: false);
        var phase = new DrillPhase { Name = "RedisData" };

        await RedisDrillData.PromoteDrillCopyAsync(context, phase, environment.Region("primary"), environment.Region("secondary"), CancellationToken.None);

        Assert.Equal(FailoverStepStatus.Skipped, phase.Status);
        Assert.Contains("add regions.secondary.drillRedis", Assert.Single(phase.Details), StringComparison.Ordinal);
        Assert.Empty(context.Checks);
        Assert.Empty(ledger.Resources);
    }
}
