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
        // A ledger is read from a store anyone with write access may edit: never drop a collection a drill could not have made.
        if (!resource.Name.StartsWith(DrillNames.ScratchPrefix, StringComparison.Ordinal))
        {
            throw new DrException(ErrorIds.DrillRecordInvalid, DrErrorCategory.SecurityError,
                $"The drill ledger names the collection '{resource.Name}', which is not a drill scratch collection ({DrillNames.ScratchPrefix}*); it is not dropped.",
                "Look at the ledger under drills/<environment>/running/ in the store and delete it by hand.", resource);
        }

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
