using PubSec.Dr.Errors;

namespace PubSec.Dr.Qdrant;

/// <summary>
/// Creates a snapshot on one node with wait=false and polls the node's list until the new file appears.
/// Qdrant renames a snapshot into place only when it is complete (sidecar first), so "listed" means "done";
/// and no HTTP request stays open for the minutes a big collection takes.
/// </summary>
internal static class SnapshotPoller
{
    public static async Task<SnapshotDescription> CreateAsync(QdrantRestClient node, string collection, ulong peerId,
        TimeSpan timeout, CancellationToken ct)
    {
        var before = (await node.ListSnapshotsAsync(collection, ct).ConfigureAwait(false))
            .ToDictionary(s => s.Name, s => s, StringComparer.Ordinal);
        var prefix = $"{collection}-{peerId}-";
        if (before.Keys.Any(name => name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            // A snapshot made in the same (server) second as an existing one gets the same name and overwrites
            // it; with identical content nothing would look new and we would poll until the timeout. Every
            // listed snapshot is complete, so 1.1 s from now the server's clock is past its second.
            await Task.Delay(TimeSpan.FromMilliseconds(1100), ct).ConfigureAwait(false);
        }

        await node.StartSnapshotAsync(collection, ct).ConfigureAwait(false);

        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var listed = await node.ListSnapshotsAsync(collection, ct).ConfigureAwait(false);
            var fresh = listed
                .Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal) && IsNew(s, before))
                .OrderByDescending(s => s.Name, StringComparer.Ordinal)
                .FirstOrDefault();
            if (fresh is not null)
            {
                return fresh;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DrException(ErrorIds.QdrantSnapshotTimeout, DrErrorCategory.OperationTimeout,
                    $"The snapshot of '{collection}' on {node.DisplayUri} did not appear within {timeout}.",
                    "Check the node's log for snapshot errors and free disk space under its snapshots path; raise -SnapshotTimeout for very large collections.",
                    node.DisplayUri);
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 1.5));
        }
    }

    // A snapshot created in the same second as an older one overwrites it under the same name (reference §2.1).
    private static bool IsNew(SnapshotDescription s, Dictionary<string, SnapshotDescription> before) =>
        !before.TryGetValue(s.Name, out var old) || old.Size != s.Size || old.Checksum != s.Checksum || old.CreationTime != s.CreationTime;
}
