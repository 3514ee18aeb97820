using System.Diagnostics;
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

    /// <summary>How long a killed drill's collection must stay gone, how often it is looked for, and for how long at most.</summary>
    internal LeftoverWatch Watch { get; init; } = LeftoverWatch.Default;

    public async Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        DrillOwnership.Require(resource, "collection");

        var region = environment.Region(resource.Region);
        var check = new ScratchRestoreCheck(backends, RegionConnections.Qdrant(region), null, log);
        if (!await check.DropAsync(resource.Name).ConfigureAwait(false))
        {
            throw CouldNotDrop(resource, null);
        }
    }

    /// <summary>
    /// A killed drill may have been restoring into the collection: every upload Qdrant had fully received is still
    /// recovered after the drill's process died. While one is being written the drop itself can fail (the emulator
    /// answers 500 "Directory not empty"), and the first recovery to finish after a drop creates the collection again.
    /// So a drop that Qdrant answers with an error is tried again, and the collection must then stay gone for
    /// <see cref="LeftoverWatch.Quiet"/>, dropped again each time it comes back, all within <see cref="LeftoverWatch.Limit"/>.
    /// </summary>
    public async Task RemoveLeftoverAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        DrillOwnership.Require(resource, "collection");

        using var cluster = backends.Qdrant(RegionConnections.Qdrant(environment.Region(resource.Region)));
        var engine = new QdrantRestoreEngine(cluster, null, log);
        var limit = Stopwatch.StartNew();
        await DropUntilAnsweredAsync(engine, resource, limit, ct).ConfigureAwait(false);
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < Watch.Quiet)
        {
            await Task.Delay(Watch.Poll, ct).ConfigureAwait(false);
            if (!await cluster.Points.CollectionExistsAsync(resource.Name, ct).ConfigureAwait(false))
            {
                continue;
            }

            ThrowWhenPastLimit(resource, limit, "kept coming back after it was dropped");
            log.Verbose($"The leftover collection '{resource.Name}' came back (a killed drill's upload was still being recovered); dropping it again.");
            await DropUntilAnsweredAsync(engine, resource, limit, ct).ConfigureAwait(false);
            quiet.Restart();
        }
    }

    /// <summary>
    /// Drops the collection; a refusal by Qdrant itself (QdrantRequestFailed, e.g. a 500 while a recovery writes into
    /// the collection) is tried again. Anything else (unreachable, refused key) fails at once: waiting would not help.
    /// </summary>
    private async Task DropUntilAnsweredAsync(QdrantRestoreEngine engine, DrillResource resource, Stopwatch limit, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await engine.DropCollectionAsync(resource.Name, ct).ConfigureAwait(false);
                return;
            }
            catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantCollectionNotFound)
            {
                return;
            }
            catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantRequestFailed)
            {
                ThrowWhenPastLimit(resource, limit, $"could not be dropped ({ex.Message})");
                log.Verbose($"Dropping the leftover collection '{resource.Name}' failed: {ex.Message} A killed drill's upload may still be recovering into it; trying again.");
                await Task.Delay(Watch.Poll, ct).ConfigureAwait(false);
            }
            catch (DrException ex)
            {
                throw CouldNotDrop(resource, ex);
            }
        }
    }

    private static DrException CouldNotDrop(DrillResource resource, DrException? cause) => new(ErrorIds.DrillCleanupFailed, DrErrorCategory.ConnectionError,
        $"The drill scratch collection '{resource.Name}' in {resource.Region} could not be dropped{(cause is null ? "." : $": {cause.Message}")}",
        "The next drill tries again; or delete the collection by hand.", resource, cause);

    private void ThrowWhenPastLimit(DrillResource resource, Stopwatch limit, string what)
    {
        if (limit.Elapsed > Watch.Limit)
        {
            throw new DrException(ErrorIds.DrillCleanupFailed, DrErrorCategory.ResourceBusy,
                $"The drill scratch collection '{resource.Name}' in {resource.Region} {what} for {Watch.Limit}: a killed drill's restore is still being recovered by Qdrant.",
                "Wait until the nodes finish (their logs show the recovery), then run a drill again or delete the collection by hand.", resource);
        }
    }
}
