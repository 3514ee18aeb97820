using PubSec.Dr.Errors;

namespace PubSec.Dr.Drills;

/// <summary>
/// The removers' one guard: a ledger is read from a store anyone with write access may edit, so a remover deletes only
/// what a drill could have made (a name with the drill prefix, or the environment's drill record), never anything else.
/// </summary>
public static class DrillOwnership
{
    /// <summary>Throws unless the resource's name starts with the drill prefix.</summary>
    public static void Require(DrillResource resource, string what)
    {
        if (!resource.Name.StartsWith(DrillNames.ScratchPrefix, StringComparison.Ordinal))
        {
            throw NotOwned(resource, what, $"drill-owned ({DrillNames.ScratchPrefix}*)");
        }
    }

    public static DrException NotOwned(DrillResource resource, string what, string owned) => new(ErrorIds.DrillRecordInvalid, DrErrorCategory.SecurityError,
        $"The drill ledger names the {what} '{resource.Name}', which is not {owned}; it is not deleted.",
        "Look at the ledger under drills/<environment>/running/ in the store, and delete the resource by hand if a drill made it.", resource);
}
