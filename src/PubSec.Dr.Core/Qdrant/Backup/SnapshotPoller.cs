using System.Globalization;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Backup;

/// <summary>
/// Creates a snapshot on one node with wait=false and polls the node's list until the new file appears.
/// Qdrant renames a snapshot into place only when it is complete (sidecar first), so "listed" means "done";
/// and no HTTP request stays open for the minutes a big collection takes.
/// The create call does not say which file it will make, so the poller must tell this run's snapshot from one that
/// another run (a concurrent backup of the same collection, perhaps into another store) or an operator makes of
/// the same peer meanwhile. A snapshot's name carries the node's UTC second when it began, and the node's Date
/// header on the list before the create call and on the list that found the file bound when this run's began. A
/// new snapshot begun outside that window is provably not this run's and is ignored; two inside it, or one that
/// appears inside it after this run took its file, fail the run with QdrantSnapshotAmbiguous instead of backing
/// up (and then deleting) another run's file.
/// </summary>
internal sealed class SnapshotPoller
{
    // Servers cache their Date header for up to a second (Kestrel, actix) and names are cut to the second.
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(2);

    private readonly IQdrantNode _node;
    private readonly string _collection;
    private readonly string _prefix;
    private Dictionary<string, SnapshotDescription> _before = new(StringComparer.Ordinal);
    private DateTime? _windowStart;
    private DateTime? _windowEnd;

    public SnapshotPoller(IQdrantNode node, string collection, ulong peerId)
    {
        _node = node;
        _collection = collection;
        _prefix = $"{collection}-{peerId}-";
    }

    /// <summary>This run's snapshot once <see cref="CreateAsync"/> found it.</summary>
    public SnapshotDescription? Created { get; private set; }

    public async Task<SnapshotDescription> CreateAsync(TimeSpan timeout, CancellationToken ct)
    {
        var (existing, startTime) = await _node.ListSnapshotsDatedAsync(_collection, ct).ConfigureAwait(false);
        _before = existing.ToDictionary(s => s.Name, s => s, StringComparer.Ordinal);
        _windowStart = startTime;
        if (_before.Keys.Any(name => name.StartsWith(_prefix, StringComparison.Ordinal)))
        {
            // A snapshot made in the same (server) second as an existing one gets the same name and overwrites
            // it; with identical content nothing would look new and we would poll until the timeout. Every
            // listed snapshot is complete, so 1.1 s from now the server's clock is past its second.
            await Task.Delay(TimeSpan.FromMilliseconds(1100), ct).ConfigureAwait(false);
        }

        await _node.StartSnapshotAsync(_collection, ct).ConfigureAwait(false);

        var deadline = DateTime.UtcNow + timeout;
        var polling = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (listed, serverTime) = await _node.ListSnapshotsDatedAsync(_collection, ct).ConfigureAwait(false);
            var candidates = Candidates(listed, serverTime).ToList();
            if (candidates.Count > 1)
            {
                throw Ambiguous(candidates);
            }

            if (candidates.Count == 1)
            {
                _windowEnd = serverTime;
                Created = candidates[0];
                return Created;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DrException(ErrorIds.QdrantSnapshotTimeout, DrErrorCategory.OperationTimeout,
                    $"The snapshot of '{_collection}' on {_node.DisplayUri} did not appear within {timeout}.",
                    "Check the node's log for snapshot errors and free disk space under its snapshots path; raise -SnapshotTimeout for very large collections.",
                    _node.DisplayUri);
            }

            await Task.Delay(Operations.PollDelay.After(polling.Elapsed), ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Called once the part is stored: fails with QdrantSnapshotAmbiguous when, since this run took its file,
    /// another snapshot appeared that may have begun inside this run's window (then the file taken may be another
    /// run's, and this run's own one of the others), or the file taken was replaced under the same name.
    /// </summary>
    public async Task ConfirmOwnAsync(CancellationToken ct)
    {
        var created = Created ?? throw new InvalidOperationException("No snapshot was created yet.");
        var listed = await _node.ListSnapshotsAsync(_collection, ct).ConfigureAwait(false);
        var others = Candidates(listed, _windowEnd).Where(s => s.Name != created.Name).ToList();
        var now = listed.FirstOrDefault(s => s.Name == created.Name);
        if (others.Count > 0 || (now is not null && Differs(now, created)))
        {
            throw Ambiguous([created, .. others]);
        }
    }

    private IEnumerable<SnapshotDescription> Candidates(IEnumerable<SnapshotDescription> listed, DateTime? windowEnd) => listed
        .Where(s => s.Name.StartsWith(_prefix, StringComparison.Ordinal) && IsNew(s) && MayHaveBegunInWindow(s, windowEnd))
        .OrderByDescending(s => s.Name, StringComparer.Ordinal);

    // A snapshot created in the same second as an older one overwrites it under the same name (reference §2.1).
    private bool IsNew(SnapshotDescription s) => !_before.TryGetValue(s.Name, out var old) || Differs(s, old);

    private static bool Differs(SnapshotDescription a, SnapshotDescription b) =>
        a.Size != b.Size || a.Checksum != b.Checksum || a.CreationTime != b.CreationTime;

    private bool MayHaveBegunInWindow(SnapshotDescription snapshot, DateTime? windowEnd)
    {
        var stamp = snapshot.Name[_prefix.Length..];
        if (!stamp.EndsWith(".snapshot", StringComparison.Ordinal)
            || !DateTime.TryParseExact(stamp[..^".snapshot".Length], "yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var began))
        {
            // A name this module cannot place in time might be anyone's, this run's included.
            return true;
        }

        return !(_windowStart is { } start && began < start - ClockSlack) && !(windowEnd is { } end && began > end + ClockSlack);
    }

    private DrException Ambiguous(IReadOnlyList<SnapshotDescription> candidates) => new(
        ErrorIds.QdrantSnapshotAmbiguous, DrErrorCategory.ResourceBusy,
        $"Snapshots of '{_collection}' on {_node.DisplayUri} appeared while this backup made its own: {string.Join(", ", candidates.Select(c => c.Name))}. "
        + "Another backup of this collection (perhaps into another store) or someone by hand made one at the same time, so which file is this run's cannot be told. "
        + "Nothing of this backup was kept, and these snapshots were left on the node.",
        "Do not back up one collection twice at the same time (look for overlapping schedules, also into other stores). Once no backup runs, "
        + "delete those of the snapshots named here that nobody needs (DELETE /collections/<collection>/snapshots/<name> on that node), and run the backup again.",
        _node.DisplayUri);
}
