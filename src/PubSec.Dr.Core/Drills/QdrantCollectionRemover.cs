using PubSec.Dr.Backends;
using PubSec.Dr.Environments;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Restore;

namespace PubSec.Dr.Drills;

/// <summary>Drops a drill's scratch collection in its region, with the scratch restore check's own drop; refuses any name a drill does not own.</summary>
public sealed class QdrantCollectionRemover(IBackendFactory backends, IOperationLog log) : IDrillResourceRemover
{
    public const string ResourceKind = "QdrantCollection";

    public string Kind => ResourceKind;

    public async Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        DrillOwnership.Require(resource, "collection");

        var region = environment.Region(resource.Region);
        var check = new ScratchRestoreCheck(backends, RegionConnections.Qdrant(region), null, log);
        if (!await check.DropAsync(resource.Name).ConfigureAwait(false))
        {
            throw new DrException(ErrorIds.DrillCleanupFailed, DrErrorCategory.ConnectionError,
                $"The drill scratch collection '{resource.Name}' in {resource.Region} could not be dropped.",
                "The next drill tries again; or delete the collection by hand.", resource);
        }
    }

    // How long a killed drill's collection must stay gone, how often it is looked for, and for how long at most.
    private static readonly TimeSpan LeftoverQuiet = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LeftoverPoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LeftoverLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A killed drill may have been restoring into the collection: every upload Qdrant had fully received is still
    /// recovered after the drill's process died, and the first of them to finish creates the collection again. So
    /// the collection is dropped, then must stay gone for <see cref="LeftoverQuiet"/>; each time it comes back it is
    /// dropped again, up to <see cref="LeftoverLimit"/>.
    /// </summary>
    public async Task RemoveLeftoverAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        await RemoveAsync(environment, resource, ct).ConfigureAwait(false);
        using var cluster = backends.Qdrant(RegionConnections.Qdrant(environment.Region(resource.Region)));
        var limit = System.Diagnostics.Stopwatch.StartNew();
        var quiet = System.Diagnostics.Stopwatch.StartNew();
        while (quiet.Elapsed < LeftoverQuiet)
        {
            await Task.Delay(LeftoverPoll, ct).ConfigureAwait(false);
            if (!await cluster.Points.CollectionExistsAsync(resource.Name, ct).ConfigureAwait(false))
            {
                continue;
            }

            if (limit.Elapsed > LeftoverLimit)
            {
                throw new DrException(ErrorIds.DrillCleanupFailed, DrErrorCategory.ResourceBusy,
                    $"The drill scratch collection '{resource.Name}' in {resource.Region} kept coming back for {LeftoverLimit} after it was dropped: a killed drill's restore is still being recovered by Qdrant.",
                    "Wait until the nodes finish (their logs show the recovery), then run a drill again or delete the collection by hand.", resource);
            }

            log.Verbose($"The leftover collection '{resource.Name}' came back (a killed drill's upload was still being recovered); dropping it again.");
            await RemoveAsync(environment, resource, ct).ConfigureAwait(false);
            quiet.Restart();
        }
    }
}
