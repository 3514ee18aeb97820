using PubSec.Dr.Environments;

namespace PubSec.Dr.Drills;

/// <summary>
/// Removes drill resources of one kind (a scratch collection, a drill DNS record, a namespace...). Kept apart from the
/// scenarios because the leftovers of a killed drill are removed by whatever drill runs next, of any scenario.
/// Removing what is already gone succeeds.
/// </summary>
public interface IDrillResourceRemover
{
    string Kind { get; }

    Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct);
}
