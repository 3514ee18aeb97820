using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Fakes;

/// <summary>
/// One node of <see cref="InMemoryQdrantCluster"/>: its snapshots (bytes kept in memory), its view of the collection's
/// shards, and the faults a test arms: a refused snapshot, a download or upload cut after some bytes, shards that never
/// become Active. Errors are the module's own (QdrantErrors), as the real client raises them.
/// </summary>
internal sealed class InMemoryQdrantNode(InMemoryQdrantCluster cluster, int index, ulong peerId) : IQdrantNode
{
    private readonly Dictionary<(string Collection, string Name), byte[]> _files = [];

    public int Index { get; } = index;

    public ulong PeerId { get; } = peerId;

    public string DisplayUri { get; } = FormattableString.Invariant($"http://qdrant-{index}.fake:6333/");

    /// <summary>When set, a snapshot create is refused with this error.</summary>
    public DrException? RefuseSnapshot { get; set; }

    /// <summary>When set, a snapshot download ends with a cut connection after this many bytes.</summary>
    public long? CutDownloadAfter { get; set; }

    /// <summary>When set, an upload ends with a cut connection after this many bytes.</summary>
    public long? CutUploadAfter { get; set; }

    /// <summary>When set, this node reports its shards in this state instead of Active.</summary>
    public string? StuckShardState { get; set; }

    /// <summary>The names of the uploads this node recovered from, in order.</summary>
    public List<string> Recovered { get; } = [];

    /// <summary>How many bytes of uploads reached this node, recovered or not.</summary>
    public long BytesReceived { get; private set; }

    public List<string> SnapshotsDeleted { get; } = [];

    /// <summary>Errors the next collection drops answer with, one per drop (as Qdrant refuses a drop while a recovery writes into the collection).</summary>
    public ConcurrentQueue<DrException> DropFailures { get; } = new();

    /// <summary>Runs after each drop that went through, with the collection's name.</summary>
    public Action<string>? AfterDrop { get; set; }

    /// <summary>How many drops were asked of this node, refused or not.</summary>
    public int DropCalls => _dropCalls;

    private int _dropCalls;

    public IReadOnlyCollection<string> SnapshotNames
    {
        get
        {
            lock (_files)
            {
                return _files.Keys.Select(k => k.Name).ToList();
            }
        }
    }

    public Task<ClusterStatus> GetClusterAsync(CancellationToken ct) => Task.FromResult(new ClusterStatus("enabled", PeerId,
        cluster.Nodes.ToDictionary(n => n.PeerId.ToString(CultureInfo.InvariantCulture), n => new ClusterPeer(n.DisplayUri))));

    public Task<CollectionClusterInfo> GetCollectionClusterAsync(string collection, CancellationToken ct)
    {
        var target = cluster.Get(collection, DisplayUri);
        var state = StuckShardState ?? "Active";
        LocalShardInfo[] local;
        RemoteShardInfo[] remote;
        lock (cluster.Gate)
        {
            local = Enumerable.Range(0, target.ShardNumber).Where(s => cluster.Hosts(Index, s))
                .Select(s => new LocalShardInfo(s, target.Points.Keys.Count(k => target.ShardOf(k) == s), state)).ToArray();
            remote = Enumerable.Range(0, target.ShardNumber).Where(s => !cluster.Hosts(Index, s))
                .Select(s => new RemoteShardInfo(s, cluster.Nodes[s % cluster.Nodes.Count].PeerId, "Active")).ToArray();
        }

        return Task.FromResult(new CollectionClusterInfo(PeerId, target.ShardNumber, local, remote, []));
    }

    public async Task<SnapshotDescription[]> ListSnapshotsAsync(string collection, CancellationToken ct) =>
        (await ListSnapshotsDatedAsync(collection, ct)).Value;

    public Task<(SnapshotDescription[] Value, DateTime? ServerTime)> ListSnapshotsDatedAsync(string collection, CancellationToken ct)
    {
        cluster.Get(collection, DisplayUri);
        lock (_files)
        {
            var listed = _files.Where(f => f.Key.Collection == collection)
                .Select(f => new SnapshotDescription(f.Key.Name, null, f.Value.Length, TestData.Sha256Hex(f.Value))).ToArray();
            return Task.FromResult<(SnapshotDescription[], DateTime?)>((listed, DateTime.UtcNow));
        }
    }

    /// <summary>Makes the snapshot at once (a real node lists it only once complete, which the poller waits for).</summary>
    public Task StartSnapshotAsync(string collection, CancellationToken ct)
    {
        if (RefuseSnapshot is { } refusal)
        {
            throw refusal;
        }

        var target = cluster.Get(collection, DisplayUri);
        SnapshotContent content;
        lock (cluster.Gate)
        {
            var shards = Enumerable.Range(0, target.ShardNumber).Where(s => cluster.Hosts(Index, s)).ToHashSet();
            content = new SnapshotContent(target.ShardNumber, shards, target.Points.Where(p => shards.Contains(target.ShardOf(p.Key))).Select(p => p.Value).ToList());
        }

        // The WAL size differs per node so that no two nodes' snapshots are the same bytes.
        var bytes = new QdrantSnapshotBuilder(target.ShardNumber).WithData([.. content.Shards]).WithWalBytes(8 * 1024 + Index).Build();
        cluster.Remember(TestData.Sha256Hex(bytes), content);
        var name = FormattableString.Invariant($"{collection}-{PeerId}-{DateTime.UtcNow:yyyy-MM-dd-HH-mm-ss}.snapshot");
        lock (_files)
        {
            _files[(collection, name)] = bytes;
        }

        return Task.CompletedTask;
    }

    public Task DeleteSnapshotAsync(string collection, string snapshot, CancellationToken ct)
    {
        cluster.Get(collection, DisplayUri);
        lock (_files)
        {
            if (!_files.Remove((collection, snapshot)))
            {
                throw QdrantErrors.FromStatus(DisplayUri, HttpStatusCode.NotFound, $"Snapshot {snapshot} not found", collection);
            }

            SnapshotsDeleted.Add(snapshot);
        }

        return Task.CompletedTask;
    }

    public Task<(Stream Content, long? Length)> OpenSnapshotAsync(string collection, string snapshot, CancellationToken ct)
    {
        cluster.Get(collection, DisplayUri);
        byte[] bytes;
        lock (_files)
        {
            bytes = _files.TryGetValue((collection, snapshot), out var found)
                ? found
                : throw QdrantErrors.FromStatus(DisplayUri, HttpStatusCode.NotFound, $"Snapshot {snapshot} not found", collection);
        }

        Stream content = CutDownloadAfter is { } after ? new CutStream(new MemoryStream(bytes), after) : new MemoryStream(bytes);
        return Task.FromResult<(Stream, long?)>((content, bytes.Length));
    }

    /// <summary>Reads the upload as it arrives, checks Qdrant's checksum, then loads the snapshot's points onto this node.</summary>
    public async Task RecoverFromUploadAsync(string collection, Stream content, long? length, string fileName, string? sha256, string priority,
        TimeSpan recoveryTimeout, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var kept = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            BytesReceived += read;
            if (CutUploadAfter is { } after && BytesReceived >= after)
            {
                throw QdrantErrors.Unreachable(DisplayUri, new HttpRequestException("Connection reset by peer"));
            }

            hash.AppendData(buffer, 0, read);
            kept.Write(buffer, 0, read);
        }

        var actual = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        if (sha256 is not null && !string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw QdrantErrors.FromStatus(DisplayUri, HttpStatusCode.BadRequest, "Snapshot checksum mismatch", collection);
        }

        var snapshot = cluster.Recall(sha256 ?? actual)
            ?? throw QdrantErrors.FromStatus(DisplayUri, HttpStatusCode.BadRequest, "not a snapshot this cluster can load", collection);
        cluster.Recover(collection, snapshot);
        lock (_files)
        {
            // Qdrant keeps the uploaded file in the collection's snapshots folder (reference §2.6).
            _files[(collection, fileName)] = kept.ToArray();
            Recovered.Add(fileName);
        }
    }

    public Task DeleteCollectionAsync(string collection, CancellationToken ct)
    {
        Interlocked.Increment(ref _dropCalls);
        if (DropFailures.TryDequeue(out var refused))
        {
            return Task.FromException(refused);
        }

        cluster.Drop(collection);
        AfterDrop?.Invoke(collection);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }

    /// <summary>A download whose connection drops after a number of bytes, as HttpClient reports it.</summary>
    private sealed class CutStream(Stream inner, long after) : PubSec.Dr.Transfer.ReadOnlyStream
    {
        private long _position;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= after)
            {
                throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
            }

            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, after - _position)], cancellationToken);
            _position += read;
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
