using System.Globalization;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Compare;

namespace PubSec.Dr.Tests.Qdrant.Compare;

public sealed class SpreadSampleTests
{
    [Fact]
    public async Task DenseIds_SampleEveryTenthOfTheIdSpace_NotTheFirstIds()
    {
        var scroller = new FakeScroller(id => id >= 1 && id <= 900, numberLimit: 900);

        var sample = await new SpreadSample(scroller, "docs").TakeAsync(100, pointCount: 900, CancellationToken.None);

        var ids = sample.Select(p => ulong.Parse(p.Id, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(100, ids.Distinct().Count());
        Assert.Equal(1UL, ids.Min());
        Assert.True(ids.Max() > 850, $"highest sampled id {ids.Max()}");
        Assert.Equal(10, ids.Select(id => (id - 1) / 90).Distinct().Count());
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public async Task TenMillionPoints_CostBoundedRequests_AndNoLargePage()
    {
        // Ids 7, 14, ... 70,000,000: never materialised, the fake answers arithmetically.
        const ulong count = 10_000_000;
        var scroller = new FakeScroller(id => id > 0 && id % 7 == 0 && id / 7 <= count, numberLimit: count * 7, stride: 7);
        var spread = new SpreadSample(scroller, "docs");

        var sample = await spread.TakeAsync(100, pointCount: (long)count, CancellationToken.None);

        Assert.Equal(100, sample.Count);
        Assert.True(scroller.Requests <= SpreadSample.MaxWindows + 2 * 64, $"{scroller.Requests} requests");
        Assert.True(spread.Probes <= 60, $"{spread.Probes} probes");
        Assert.Equal(SpreadSample.MaxWindows, spread.Windows);
        Assert.True(scroller.LargestContentPage <= 4, $"a page of {scroller.LargestContentPage} points with content");
        var ids = sample.Select(p => ulong.Parse(p.Id, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(10, ids.Select(id => id / 7_000_000).Distinct().Count());
    }

    [Fact]
    public async Task SparseRandomIds_SpanTheirWholeRange()
    {
        var random = new Random(5);
        var ids = new SortedSet<ulong>(Enumerable.Range(0, 3000).Select(_ => (ulong)random.NextInt64(1, long.MaxValue) * 2));
        var scroller = new FakeScroller(ids);

        var sample = await new SpreadSample(scroller, "docs").TakeAsync(100, pointCount: ids.Count, CancellationToken.None);

        var sampled = sample.Select(p => ulong.Parse(p.Id, CultureInfo.InvariantCulture)).ToList();
        Assert.True(sampled.Count >= 90, $"{sampled.Count} points");
        var span = ids.Max - ids.Min;
        Assert.Equal(10, sampled.Select(id => Math.Min(9, (int)((id - ids.Min) / (span / 10)))).Distinct().Count());
    }

    [Fact]
    public async Task UuidIds_SpreadOverTheUuidSpace()
    {
        var random = new Random(9);
        var uuids = Enumerable.Range(0, 2000).Select(_ => { var b = new byte[16]; random.NextBytes(b); return new Guid(b).ToString("D"); }).ToList();
        var scroller = new FakeScroller(uuids);

        var sample = await new SpreadSample(scroller, "docs").TakeAsync(100, pointCount: uuids.Count, CancellationToken.None);

        Assert.True(sample.Count >= 90, $"{sample.Count} points");
        Assert.All(sample, p => Assert.Contains(p.Id, uuids));
        // By their first hex digit, the sampled UUIDs fall into most of the 16 sixteenths of the space.
        Assert.True(sample.Select(p => p.Id[0]).Distinct().Count() >= 14);
    }

    [Fact]
    public async Task IntegerAndUuidIds_BothSpacesAreSampled()
    {
        var random = new Random(3);
        var ids = Enumerable.Range(1, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture))
            .Concat(Enumerable.Range(0, 1000).Select(_ => { var b = new byte[16]; random.NextBytes(b); return new Guid(b).ToString("D"); }))
            .ToList();
        var scroller = new FakeScroller(ids);

        var sample = await new SpreadSample(scroller, "docs").TakeAsync(100, pointCount: ids.Count, CancellationToken.None);

        var numbers = sample.Where(p => !p.Id.Contains('-', StringComparison.Ordinal)).Select(p => int.Parse(p.Id, CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(numbers.Count, 40, 60);
        Assert.True(numbers.Max() > 900);
        Assert.InRange(sample.Count - numbers.Count, 40, 60);
    }

    [Fact]
    public async Task CollectionNoLargerThanTheSample_IsReadWholeInOnePage()
    {
        var scroller = new FakeScroller(id => id >= 10 && id < 70, numberLimit: 70);
        var spread = new SpreadSample(scroller, "docs");

        var sample = await spread.TakeAsync(100, pointCount: 60, CancellationToken.None);

        Assert.Equal(60, sample.Count);
        Assert.Equal(1, scroller.Requests);
        Assert.Equal(0, spread.Probes);
    }

    [Fact]
    public async Task CollectionOfAFewSampleSizes_IsReadWholeInPages_AndSampledEvenly_WithoutProbes()
    {
        // 300 integer ids and 50 UUIDs after them: three and a half sample sizes.
        var ids = Enumerable.Range(1, 300).Select(i => (i * 3).ToString(CultureInfo.InvariantCulture))
            .Concat(Enumerable.Range(0, 50).Select(i => new Guid(i + 1, 0, 0, new byte[8]).ToString("D")))
            .ToList();
        var scroller = new FakeScroller(ids);
        var spread = new SpreadSample(scroller, "docs");

        var sample = await spread.TakeAsync(100, pointCount: ids.Count, CancellationToken.None);

        Assert.Equal(100, sample.Select(p => p.Id).Distinct().Count());
        Assert.Equal(0, spread.Probes);
        Assert.Equal(4, scroller.Requests);
        var numbers = sample.Where(p => !p.Id.Contains('-', StringComparison.Ordinal)).Select(p => int.Parse(p.Id, CultureInfo.InvariantCulture)).ToList();
        Assert.True(numbers.Min() <= 6 && numbers.Max() >= 870, $"{numbers.Min()}..{numbers.Max()}");
        Assert.InRange(sample.Count - numbers.Count, 12, 16);
    }

    [Fact]
    public async Task UnknownCountAndFewPoints_ReturnsThemAll()
    {
        var scroller = new FakeScroller(id => id is 4 or 8 or 15, numberLimit: 16);

        var sample = await new SpreadSample(scroller, "docs").TakeAsync(100, pointCount: null, CancellationToken.None);

        Assert.Equal(["4", "8", "15"], sample.Select(p => p.Id));
    }

    [Fact]
    public async Task SameData_SameSample()
    {
        var first = await new SpreadSample(new FakeScroller(id => id % 3 == 1 && id < 50_000, numberLimit: 50_000), "docs").TakeAsync(100, 16_667, CancellationToken.None);
        var second = await new SpreadSample(new FakeScroller(id => id % 3 == 1 && id < 50_000, numberLimit: 50_000), "docs").TakeAsync(100, 16_667, CancellationToken.None);

        Assert.Equal(first.Select(p => p.Id), second.Select(p => p.Id));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("18446744073709551615")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff")]
    [InlineData("5c56c793-69f3-4fbf-87e6-c4bf54c28c26")]
    public void PointKey_RoundTripsQdrantIdText(string id)
    {
        Assert.Equal(id, PointKey.Parse(id).Text);
    }

    [Fact]
    public void PointKey_OrdersIntegersBeforeUuids_AndUuidsAsTheirText()
    {
        var ids = new[] { "ffffffff-ffff-ffff-ffff-ffffffffffff", "7", "00000000-0000-0000-0000-000000000001", "18446744073709551615", "0a000000-0000-0000-0000-000000000000" };

        var ordered = ids.Select(PointKey.Parse).Order().Select(k => k.Text);

        Assert.Equal(["7", "18446744073709551615", "00000000-0000-0000-0000-000000000001", "0a000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"], ordered);
    }

    /// <summary>Scroll as Qdrant answers it: ids ascending (integers before UUIDs) from the offset, inclusive.</summary>
    private sealed class FakeScroller : IPointScroller
    {
        private readonly Func<PointKey, PointKey?> _next;

        public FakeScroller(IEnumerable<string> ids)
        {
            var keys = new SortedSet<PointKey>(ids.Select(PointKey.Parse));
            _next = from => keys.GetViewBetween(from, new PointKey(true, UInt128.MaxValue)).Cast<PointKey?>().FirstOrDefault();
        }

        public FakeScroller(IEnumerable<ulong> ids)
            : this(ids.Select(id => id.ToString(CultureInfo.InvariantCulture)))
        {
        }

        /// <summary>Integer ids below <paramref name="numberLimit"/> for which <paramref name="exists"/> holds, found by stepping.</summary>
        public FakeScroller(Func<ulong, bool> exists, ulong numberLimit, ulong stride = 1) => _next = from =>
        {
            if (from.IsUuid || from.Value > numberLimit)
            {
                return null;
            }

            var start = (ulong)from.Value;
            var id = stride == 1 ? start : (start + stride - 1) / stride * stride;
            for (; id <= numberLimit; id += stride)
            {
                if (exists(id))
                {
                    return new PointKey(false, id);
                }
            }

            return null;
        };

        public int Requests { get; private set; }

        public int LargestContentPage { get; private set; }

        public Task<IReadOnlyList<QdrantPointRecord>> ScrollFromAsync(string collection, string? offsetId, uint limit, bool withContent,
            CancellationToken ct)
        {
            Requests++;
            var page = new List<QdrantPointRecord>();
            var from = offsetId is null ? new PointKey(false, 0) : PointKey.Parse(offsetId);
            while (page.Count < limit && _next(from) is { } key)
            {
                page.Add(new QdrantPointRecord(key.Text, withContent ? $"{{\"id\":\"{key.Text}\"}}" : "{}",
                    withContent ? new Dictionary<string, float[]> { [""] = [1f, (float)(key.Value % 97)] } : new Dictionary<string, float[]>()));
                if (key.Value == PointKey.MaxOf(key.IsUuid))
                {
                    from = key.IsUuid ? key : new PointKey(true, 0);
                    if (key.IsUuid)
                    {
                        break;
                    }

                    continue;
                }

                from = new PointKey(key.IsUuid, key.Value + 1);
            }

            if (withContent)
            {
                LargestContentPage = Math.Max(LargestContentPage, page.Count);
            }

            return Task.FromResult<IReadOnlyList<QdrantPointRecord>>(page);
        }
    }
}
