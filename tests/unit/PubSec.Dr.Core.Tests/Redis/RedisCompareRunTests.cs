using PubSec.Dr.Errors;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Compare;
using PubSec.Dr.Tests.Redis.Fakes;

namespace PubSec.Dr.Tests.Redis;

/// <summary>Compare-RedisData's compare-and-fix operation through fake servers: a fix happens only when the callback says yes.</summary>
public sealed class RedisCompareRunTests
{
    private static readonly RedisEndpoint ReferenceEndpoint = new("primary.example:6379");
    private static readonly RedisEndpoint DifferenceEndpoint = new("standby.example:6379");
    private readonly FakeRedisConnector _redis = new();
    private readonly FakeRedisServer _reference;
    private readonly FakeRedisServer _difference;
    private readonly ListLog _log = new();

    public RedisCompareRunTests()
    {
        _reference = _redis.Add(ReferenceEndpoint);
        _difference = _redis.Add(DifferenceEndpoint);
        _reference.Set("same", "1");
        _difference.Set("same", "1");
        _reference.Set("missing", "m");
        _reference.Set("changed", "new");
        _difference.Set("changed", "old");
        _difference.Set("extra", "x");
        _reference.Set("ttl", "t", pttl: 3_600_000);
        _difference.Set("ttl", "t");
    }

    [Fact]
    public async Task WithFix_OnlyTheDifferencesTheCallbackConfirms_AreFixed()
    {
        var asked = new List<(string Target, string Action)>();
        var found = await RunAsync(fix: true, (target, action) =>
        {
            asked.Add((target, action));
            return target.StartsWith("missing ", StringComparison.Ordinal) || target.StartsWith("extra ", StringComparison.Ordinal);
        });

        Assert.Equal(["changed", "extra", "missing", "ttl"], found.Select(f => f.Difference.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["DEL extra", "RESTORE missing"], _difference.Writes.Order(StringComparer.Ordinal));
        Assert.Equal("m", _difference.Get("missing"));
        Assert.Null(_difference.Get("extra"));
        Assert.Equal("old", _difference.Get("changed"));
        Assert.Equal(-1, _difference.Pttl("ttl"));
        Assert.Equal(["extra", "missing"], found.Where(f => f.Difference.Fixed).Select(f => f.Difference.Key).Order(StringComparer.Ordinal));
        Assert.All(found, f => Assert.Null(f.FixFailure));
        Assert.Contains(("extra on standby.example:6379", "Delete the key on standby.example:6379 (the reference primary.example:6379 does not have it)"), asked);
        Assert.Contains(("ttl on standby.example:6379", "Set the key's TTL on standby.example:6379 to the reference's (PEXPIRE or PERSIST)"), asked);
        Assert.Contains(("changed on standby.example:6379", "Overwrite the key on standby.example:6379 with the reference's value and TTL (DUMP, RESTORE REPLACE)"), asked);
        Assert.Equal(4, asked.Count);
        Assert.Contains(_log.Warnings, w => w.EndsWith("4 difference(s), 2 fixed, 0 failed, 2 skipped.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithFix_AndEveryFixConfirmed_TheDifferenceSideEqualsTheReference()
    {
        await RunAsync(fix: true, (_, _) => true);

        Assert.Equal("new", _difference.Get("changed"));
        Assert.Equal(3_600_000, _difference.Pttl("ttl"));
        Assert.Empty(await RunAsync(fix: false, (_, _) => true));
    }

    [Fact]
    public async Task WithoutFix_NothingIsAskedAndNothingWritten()
    {
        var asked = 0;

        var found = await RunAsync(fix: false, (_, _) => { asked++; return true; });

        Assert.Equal(4, found.Count);
        Assert.Equal(0, asked);
        Assert.Empty(_difference.Writes);
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public async Task TheSameServerTwice_IsRefusedBeforeConnecting()
    {
        var error = await Assert.ThrowsAsync<DrException>(async () =>
        {
            await foreach (var _ in new RedisCompareRun(_redis, _log).RunAsync(ReferenceEndpoint, new RedisEndpoint("redis://primary.example:6379"),
                new RedisCompareOptions(), true, (_, _) => true, null, CancellationToken.None))
            {
            }
        });

        Assert.Equal(ErrorIds.RedisCompareSameServer, error.ErrorId);
        Assert.Empty(_redis.Connections);
    }

    private async Task<List<(RedisDifference Difference, DrException? FixFailure)>> RunAsync(bool fix, Func<string, string, bool> confirm)
    {
        var found = new List<(RedisDifference, DrException?)>();
        await foreach (var item in new RedisCompareRun(_redis, _log).RunAsync(ReferenceEndpoint, DifferenceEndpoint, new RedisCompareOptions(), fix, confirm,
            null, CancellationToken.None))
        {
            found.Add(item);
        }

        return found;
    }
}
