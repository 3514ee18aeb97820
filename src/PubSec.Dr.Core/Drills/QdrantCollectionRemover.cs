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
}
