using PubSec.Dr.Backends;
using PubSec.Dr.Drills.Scenarios;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Drills;

/// <summary>
/// The scenarios this module implements and the removers of what they create. A new scenario is one class
/// implementing <see cref="IDrillScenario"/> added to <see cref="For"/>, plus a remover for any new resource kind.
/// </summary>
public static class DrillScenarios
{
    public static IDrillScenario? For(DrillScenario scenario) => scenario switch
    {
        DrillScenario.DatabaseRestore => new DatabaseRestoreScenario(),
        DrillScenario.SecurityBreach => new SecurityBreachScenario(),
        DrillScenario.InfrastructureRebuild => new InfrastructureRebuildScenario(),
        DrillScenario.RegionalFailover => new RegionalFailoverScenario(),
        _ => null,
    };

    public static IReadOnlyList<IDrillResourceRemover> Removers(IBackendFactory backends, IOperationLog log) =>
        [new QdrantCollectionRemover(backends, log), new LocalDirectoryRemover(), new NamespaceRemover(backends), new DnsRecordRemover(backends),
            new SecretRemover(backends), new RedisScratchRemover(backends)];
}
