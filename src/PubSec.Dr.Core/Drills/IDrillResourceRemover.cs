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

    /// <summary>
    /// Removes what a killed drill left. Requests of the killed process may still be finishing on the server (Qdrant
    /// recovers an upload it had fully received after its client died, creating the collection again), so a remover
    /// whose resource can come back that way makes sure it stays gone. By default the same as <see cref="RemoveAsync"/>.
    /// </summary>
    Task RemoveLeftoverAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct) => RemoveAsync(environment, resource, ct);
}
