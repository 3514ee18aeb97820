using PubSec.Dr.Redis.Compare;
using StackExchange.Redis;

namespace PubSec.Dr.Tests.Redis.Compare;

public sealed class RedisDataComparerTests : IClassFixture<RedisServerPair>, IAsyncLifetime
{
    private readonly RedisServerPair _servers;

    public RedisDataComparerTests(RedisServerPair servers) => _servers = servers;

    private IDatabase Ref => _servers.ReferenceDatabase;

    private IDatabase Diff => _servers.DifferenceDatabase;

    public Task InitializeAsync() => _servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_kind_of_difference_is_reported_once_for_its_key()
    {
        await Both(db => db.StringSetAsync("same", "1"));
        await Ref.StringSetAsync("missing", "1");
        await Diff.StringSetAsync("extra", "1");
        await Ref.StringSetAsync("changed", "100");
        await Diff.StringSetAsync("changed", "101");
        await Ref.StringSetAsync("retyped", "1");
        await Diff.HashSetAsync("retyped", "f", "1");
        await Ref.StringSetAsync("ttl-one-side", "1", TimeSpan.FromHours(1));
        await Diff.StringSetAsync("ttl-one-side", "1");
        await Ref.StringSetAsync("ttl-far", "1", TimeSpan.FromHours(1));
        await Diff.StringSetAsync("ttl-far", "1", TimeSpan.FromHours(2));

        var found = await CompareAsync();

        Assert.Equal(
            new[] { ("changed", RedisDifferenceKind.ValueDiffers), ("extra", RedisDifferenceKind.Extra), ("missing", RedisDifferenceKind.Missing),
                ("retyped", RedisDifferenceKind.TypeDiffers), ("ttl-far", RedisDifferenceKind.TtlDiffers), ("ttl-one-side", RedisDifferenceKind.TtlDiffers) },
            found.Select(d => (d.Key, d.Kind)).OrderBy(d => d.Key, StringComparer.Ordinal));
        var oneSide = found.Single(d => d.Key == "ttl-one-side");
        Assert.NotNull(oneSide.ReferenceTtl);
        Assert.Null(oneSide.DifferenceTtl);
        Assert.Equal("string vs hash", found.Single(d => d.Key == "retyped").Detail);
        Assert.All(found, d => Assert.False(d.Fixed));
    }

    [Fact]
    public async Task Pattern_limits_both_passes()
    {
        await Ref.StringSetAsync("tenant:balance:1", "1");
        await Ref.StringSetAsync("other:1", "1");
        await Diff.StringSetAsync("other:2", "1");

        var found = await CompareAsync(new RedisCompareOptions { Pattern = "tenant:balance:*" });

        Assert.Equal("tenant:balance:1", Assert.Single(found).Key);
    }

    [Fact]
    public async Task Binary_keys_are_escaped_for_display_and_fixed_by_their_exact_bytes()
    {
        byte[] key = [0xff, 0x00, (byte)'a', (byte)'\\'];
        await Ref.StringSetAsync(key, "v");

        var difference = Assert.Single(await CompareAsync());
        Assert.Equal(@"\xff\x00a\\", difference.Key);
        Assert.Equal("ff00615c", difference.KeyHex);
        Assert.Equal(RedisDifferenceKind.Missing, difference.Kind);

        await new RedisDifferenceFixer(_servers.Reference, _servers.Difference).FixAsync(difference, CancellationToken.None);
        Assert.Equal("v", (string?)await Diff.StringGetAsync(key));
    }

    [Fact]
    public async Task Equal_values_of_every_type_compare_equal_even_across_chunks()
    {
        await Both(SeedAllTypes);

        Assert.Empty(await CompareAsync());
    }

    [Fact]
    public async Task Differently_encoded_equal_values_are_not_reported()
    {
        await Ref.ExecuteAsync("CONFIG", "SET", "hash-max-listpack-entries", "0", "set-max-intset-entries", "0", "zset-max-listpack-entries", "0");
        await Both(async db =>
        {
            await db.HashSetAsync("h", [new HashEntry("a", "1"), new HashEntry("b", "2")]);
            await db.SetAddAsync("s", [1, 2, 3]);
            await db.SortedSetAddAsync("z", [new SortedSetEntry("a", 1), new SortedSetEntry("b", 2)]);
        });

        // The premise: the payloads really differ, so equality must come from the type-aware reads.
        foreach (var key in new[] { "h", "s", "z" })
        {
            Assert.NotEqual(await Ref.KeyDumpAsync(key), await Diff.KeyDumpAsync(key));
        }

        Assert.Empty(await CompareAsync());
    }

    [Theory]
    [InlineData(RedisType.String)]
    [InlineData(RedisType.Hash)]
    [InlineData(RedisType.List)]
    [InlineData(RedisType.Set)]
    [InlineData(RedisType.SortedSet)]
    [InlineData(RedisType.Stream)]
    public async Task A_change_deep_inside_a_large_value_is_found_and_described(RedisType type)
    {
        await Both(SeedAllTypes);
        string expected;
        switch (type)
        {
            case RedisType.String:
                await Diff.StringSetRangeAsync("str", 100_000, "X");
                expected = "first difference at byte 100000";
                break;
            case RedisType.Hash:
                await Diff.HashSetAsync("hash", "f1500", "changed");
                expected = "field 'f1500' differs";
                break;
            case RedisType.List:
                await Diff.ListSetByIndexAsync("list", 1500, "changed");
                expected = "element 1500 differs";
                break;
            case RedisType.Set:
                await Diff.SetRemoveAsync("set", "m1500");
                await Diff.SetAddAsync("set", "other");
                expected = "member 'm1500' missing";
                break;
            case RedisType.SortedSet:
                await Diff.SortedSetAddAsync("zset", "m1999", 1999.5);
                expected = "'m1999' has score 1999 vs 1999.5";
                break;
            default:
                await Diff.KeyDeleteAsync("stream");
                await Diff.StreamAddAsync("stream", [new NameValueEntry("n", "0")], "1-1");
                expected = "stream of 2000 vs 1 entries";
                break;
        }

        var difference = Assert.Single(await CompareAsync());
        Assert.Equal(RedisDifferenceKind.ValueDiffers, difference.Kind);
        Assert.Contains(expected, difference.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ttls_within_the_tolerance_are_equal_and_beyond_it_differ()
    {
        await Ref.StringSetAsync("k", "1", TimeSpan.FromSeconds(100));
        await Diff.StringSetAsync("k", "1", TimeSpan.FromSeconds(101.5));

        Assert.Empty(await CompareAsync());
        var strict = Assert.Single(await CompareAsync(new RedisCompareOptions { TtlTolerance = TimeSpan.FromSeconds(1) }));
        Assert.Equal(RedisDifferenceKind.TtlDiffers, strict.Kind);
        Assert.InRange(strict.DifferenceTtl!.Value.TotalSeconds - strict.ReferenceTtl!.Value.TotalSeconds, 1.0, 2.0);
    }

    [Fact]
    public async Task Fixing_every_difference_leaves_none_and_copies_the_reference_ttl()
    {
        await Ref.StringSetAsync("missing", "1", TimeSpan.FromHours(1));
        await Diff.StringSetAsync("extra", "1");
        await Ref.HashSetAsync("changed", "f", "1");
        await Diff.HashSetAsync("changed", "f", "2");
        await Ref.StringSetAsync("retyped", "1");
        await Diff.ListRightPushAsync("retyped", "1");
        await Ref.StringSetAsync("persist", "1");
        await Diff.StringSetAsync("persist", "1", TimeSpan.FromHours(1));
        await Ref.StringSetAsync("expire", "1", TimeSpan.FromHours(1));
        await Diff.StringSetAsync("expire", "1");

        var fixer = new RedisDifferenceFixer(_servers.Reference, _servers.Difference);
        var found = await CompareAsync();
        Assert.Equal(6, found.Count);
        foreach (var difference in found)
        {
            await fixer.FixAsync(difference, CancellationToken.None);
            Assert.True(difference.Fixed);
        }

        Assert.Empty(await CompareAsync(new RedisCompareOptions { TtlTolerance = TimeSpan.FromSeconds(2) }));
        Assert.InRange((await Diff.KeyTimeToLiveAsync("missing"))!.Value.TotalMinutes, 59, 60);
        Assert.Null(await Diff.KeyTimeToLiveAsync("persist"));
        Assert.False(await Diff.KeyExistsAsync("extra"));
    }

    [Fact]
    public async Task A_reference_key_deleted_before_the_fix_is_deleted_on_the_difference_side_and_said()
    {
        await Ref.StringSetAsync("gone", "1");
        await Diff.StringSetAsync("gone", "2");
        var difference = Assert.Single(await CompareAsync());
        await Ref.KeyDeleteAsync("gone");

        var done = await new RedisDifferenceFixer(_servers.Reference, _servers.Difference).FixAsync(difference, CancellationToken.None);

        Assert.StartsWith("deleted", done, StringComparison.Ordinal);
        Assert.Contains("deleted", difference.Detail, StringComparison.Ordinal);
        Assert.False(await Diff.KeyExistsAsync("gone"));
    }

    [Fact]
    public async Task Every_key_is_compared_in_scan_batches_with_progress_per_batch()
    {
        await Both(async db =>
        {
            var batch = db.CreateBatch();
            var writes = Enumerable.Range(0, 5000).Select(i => batch.StringSetAsync($"k{i}", i)).ToArray();
            batch.Execute();
            await Task.WhenAll(writes);
        });
        var comparer = new RedisDataComparer(_servers.Reference, _servers.Difference, new RedisCompareOptions { BatchSize = 100 });
        var reports = new List<RedisCompareProgress>();

        await foreach (var _ in comparer.CompareAsync(new SyncProgress(reports), CancellationToken.None))
        {
        }

        Assert.Equal(5000, comparer.KeysCompared);
        Assert.Equal(5000, comparer.DifferenceKeysScanned);
        Assert.True(reports.Count >= 50, $"one progress report per SCAN batch of about 100 keys, got {reports.Count}");
    }

    [Fact]
    public async Task Cancellation_stops_the_comparison()
    {
        await Ref.StringSetAsync("k", "1");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var comparer = new RedisDataComparer(_servers.Reference, _servers.Difference, new RedisCompareOptions());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in comparer.CompareAsync(null, cancel.Token))
            {
            }
        });
    }

    private static async Task SeedAllTypes(IDatabase db)
    {
        await db.StringSetAsync("str", new string('s', 200_000));
        await db.HashSetAsync("hash", Enumerable.Range(0, 2000).Select(i => new HashEntry($"f{i}", i)).ToArray());
        await db.ListRightPushAsync("list", Enumerable.Range(0, 2000).Select(i => (RedisValue)i).ToArray());
        await db.SetAddAsync("set", Enumerable.Range(0, 2000).Select(i => (RedisValue)$"m{i}").ToArray());
        await db.SortedSetAddAsync("zset", Enumerable.Range(0, 2000).Select(i => new SortedSetEntry($"m{i}", i)).ToArray());
        for (var i = 1; i <= 2000; i++)
        {
            await db.StreamAddAsync("stream", [new NameValueEntry("n", i)], $"{i}-0");
        }
    }

    private async Task Both(Func<IDatabase, Task> write)
    {
        await write(Ref);
        await write(Diff);
    }

    private async Task<List<RedisDifference>> CompareAsync(RedisCompareOptions? options = null)
    {
        var comparer = new RedisDataComparer(_servers.Reference, _servers.Difference, options ?? new RedisCompareOptions());
        var found = new List<RedisDifference>();
        await foreach (var difference in comparer.CompareAsync(null, CancellationToken.None))
        {
            found.Add(difference);
        }

        return found;
    }

    private sealed class SyncProgress(List<RedisCompareProgress> reports) : IProgress<RedisCompareProgress>
    {
        public void Report(RedisCompareProgress value) => reports.Add(value);
    }
}
