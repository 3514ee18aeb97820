using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Compare;

/// <summary>
/// A sample of points spread over the whole id space, so that a restore check sees every region of the
/// collection, not only its first ids: a part replaced by other data that differs only above some id is caught
/// (issue 9, item 4). Qdrant has no "skip n points", but a scroll starts at any id. So the sampler finds the
/// lowest and (nearly) the highest id with one-point scrolls that return no content, then reads short windows
/// at offsets placed evenly between them. Integer ids and UUIDs are separate spaces (Qdrant orders every
/// integer before every UUID); a collection with both gets windows in both.
/// The cost is bounded whatever the collection's size: at most <see cref="MaxWindows"/> window reads and
/// <see cref="MaxProbes"/> one-point probes (about 2 log2(highest id) in practice), never a full scroll.
/// The sample is deterministic: the same data gives the same sample.
/// </summary>
internal sealed class SpreadSample
{
    public const int MaxWindows = 25;
    public const int MaxProbes = 200;
    private readonly IPointScroller _scroller;
    private readonly string _collection;

    public SpreadSample(IPointScroller scroller, string collection)
    {
        _scroller = scroller;
        _collection = collection;
    }

    /// <summary>One-point probes made so far (for tests and the verbose log).</summary>
    public int Probes { get; private set; }

    /// <summary>Window reads made so far.</summary>
    public int Windows { get; private set; }

    /// <param name="size">Points wanted.</param>
    /// <param name="pointCount">The collection's exact count when known: at most <paramref name="size"/> points are all read in one page.</param>
    public async Task<IReadOnlyList<QdrantPointRecord>> TakeAsync(int size, long? pointCount, CancellationToken ct)
    {
        if (size <= 0)
        {
            return [];
        }

        if (pointCount is { } count && count <= size)
        {
            Windows++;
            return await _scroller.ScrollFromAsync(_collection, null, (uint)size, withContent: true, ct).ConfigureAwait(false);
        }

        if (pointCount is { } small && small <= (long)size * SmallCollectionPages)
        {
            return await ReadAllSpacedAsync(size, ct).ConfigureAwait(false);
        }

        var windows = Math.Min(MaxWindows, size);
        var first = await ReadWindowAsync(null, Share(size, windows, 0), ct).ConfigureAwait(false);
        if (first.Count < Share(size, windows, 0))
        {
            return first;
        }

        var spaces = await FindSpacesAsync(first, windows, ct).ConfigureAwait(false);
        var sample = new SortedDictionary<PointKey, QdrantPointRecord>();
        Add(sample, first);
        var window = 0;
        var reads = new List<(string Offset, int Limit)>();
        for (var s = 0; s < spaces.Count; s++)
        {
            // The windows are shared out among the id spaces; the first one of the first space is the page already read.
            var inSpace = windows / spaces.Count + (s < windows % spaces.Count ? 1 : 0);
            var (isUuid, low, high) = spaces[s];
            for (var i = 0; i < inSpace; i++, window++)
            {
                if (window == 0)
                {
                    continue;
                }

                var offset = inSpace == 1 ? low : low + (high - low) / (UInt128)(inSpace - 1) * (UInt128)i
                    + (high - low) % (UInt128)(inSpace - 1) * (UInt128)i / (UInt128)(inSpace - 1);
                reads.Add((new PointKey(isUuid, offset).Text, Share(size, windows, window)));
            }
        }

        // The windows' offsets are known now, so they are read at once: one round trip instead of one per window.
        foreach (var page in await Task.WhenAll(reads.Select(r => ReadWindowAsync(r.Offset, r.Limit, ct))).ConfigureAwait(false))
        {
            Add(sample, page);
        }

        return sample.Values.ToList();
    }

    /// <summary>
    /// A collection of at most this many sample sizes is read whole, page by page, and the sample taken evenly from
    /// it: a few pages cost less than the dozen one-point probes that find the id range, each a round trip.
    /// </summary>
    public const int SmallCollectionPages = 4;

    private async Task<IReadOnlyList<QdrantPointRecord>> ReadAllSpacedAsync(int size, CancellationToken ct)
    {
        var all = new List<QdrantPointRecord>();
        string? offset = null;
        // The count may be stale by a few points; a bound keeps a collection growing under the read from running on.
        for (var page = 0; page <= SmallCollectionPages; page++)
        {
            Windows++;
            var read = await _scroller.ScrollFromAsync(_collection, offset, (uint)size, withContent: true, ct).ConfigureAwait(false);
            all.AddRange(read);
            if (read.Count < size || NextAfter(PointKey.Parse(read[^1].Id)) is not { } next)
            {
                break;
            }

            offset = next.Text;
        }

        if (all.Count <= size)
        {
            return all;
        }

        return Enumerable.Range(0, size).Select(i => all[(int)((long)i * all.Count / size)]).ToList();
    }

    // The key right after `key` in Qdrant's order (integers, then UUIDs); null after the highest UUID.
    private static PointKey? NextAfter(PointKey key) =>
        key.Value < PointKey.MaxOf(key.IsUuid) ? new PointKey(key.IsUuid, key.Value + 1)
        : key.IsUuid ? null
        : new PointKey(true, UInt128.Zero);

    // size points over `windows` windows, as evenly as whole points allow.
    private static int Share(int size, int windows, int window) => size / windows + (window < size % windows ? 1 : 0);

    private static void Add(SortedDictionary<PointKey, QdrantPointRecord> sample, IEnumerable<QdrantPointRecord> points)
    {
        foreach (var point in points)
        {
            sample.TryAdd(PointKey.Parse(point.Id), point);
        }
    }

    private async Task<IReadOnlyList<QdrantPointRecord>> ReadWindowAsync(string? offset, int limit, CancellationToken ct)
    {
        Windows++;
        return await _scroller.ScrollFromAsync(_collection, offset, (uint)Math.Max(1, limit), withContent: true, ct).ConfigureAwait(false);
    }

    /// <summary>Each id space that holds points, with its lowest id and a high id no more than one window's stride below the highest.</summary>
    private async Task<List<(bool IsUuid, UInt128 Low, UInt128 High)>> FindSpacesAsync(IReadOnlyList<QdrantPointRecord> first, int windows,
        CancellationToken ct)
    {
        var spaces = new List<(bool, UInt128, UInt128)>();
        var read = first.Select(p => PointKey.Parse(p.Id)).ToList();
        var lowest = read[0];
        if (!lowest.IsUuid)
        {
            var highestRead = read.Where(k => !k.IsUuid).Max().Value;
            spaces.Add((false, lowest.Value, await HighestAsync(false, lowest.Value, highestRead, windows, ct).ConfigureAwait(false)));
        }

        // UUIDs come after every integer id; the first one, if there is any, starts the UUID space.
        var firstUuid = read.Any(k => k.IsUuid) ? read.First(k => k.IsUuid)
            : await NextAsync(new PointKey(true, UInt128.Zero), ct).ConfigureAwait(false);
        if (firstUuid is { IsUuid: true } uuid)
        {
            var highestRead = read.Where(k => k.IsUuid).DefaultIfEmpty(uuid).Max().Value;
            spaces.Add((true, uuid.Value, await HighestAsync(true, uuid.Value, highestRead, windows, ct).ConfigureAwait(false)));
        }

        return spaces;
    }

    /// <summary>
    /// An existing id close to the highest one of a space: galloping from a known id (doubling the step until a probe
    /// finds nothing above it), then bisecting until the uncertain span is under one window's stride.
    /// </summary>
    private async Task<UInt128> HighestAsync(bool isUuid, UInt128 low, UInt128 known, int windows, CancellationToken ct)
    {
        var max = PointKey.MaxOf(isUuid);
        var lo = known;
        var hi = max;
        var step = UInt128.Max(lo - low, UInt128.One);
        while (lo < max && Probes < MaxProbes)
        {
            var probe = lo + UInt128.Min(step, max - lo);
            if (await NextAsync(new PointKey(isUuid, probe), ct).ConfigureAwait(false) is not { } next || next.IsUuid != isUuid)
            {
                hi = probe - 1;
                break;
            }

            lo = next.Value;
            step = step > max / 2 ? max : step * 2;
        }

        while (hi > lo && hi - lo > (lo - low) / (UInt128)windows && Probes < MaxProbes)
        {
            var mid = lo + (hi - lo) / 2 + 1;
            if (await NextAsync(new PointKey(isUuid, mid), ct).ConfigureAwait(false) is { } next && next.IsUuid == isUuid)
            {
                lo = next.Value;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    /// <summary>The first id at or after <paramref name="from"/>, or null past the last point; no payload, no vectors.</summary>
    private async Task<PointKey?> NextAsync(PointKey from, CancellationToken ct)
    {
        Probes++;
        var page = await _scroller.ScrollFromAsync(_collection, from.Text, 1, withContent: false, ct).ConfigureAwait(false);
        return page.Count == 0 ? null : PointKey.Parse(page[0].Id);
    }
}
