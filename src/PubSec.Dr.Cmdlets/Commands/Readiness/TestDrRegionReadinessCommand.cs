using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Environments;
using PubSec.Dr.Readiness;

namespace PubSec.Dr.Commands.Readiness;

/// <summary>
/// <para type="synopsis">Checks whether a region can take the load: Kubernetes nodes and workloads, Qdrant nodes and shards, Redis, the newest backups against the RPO, and the application's /ready. Changes nothing.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "DrRegionReadiness")]
[OutputType(typeof(RegionReadiness))]
public sealed class TestDrRegionReadinessCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public DrEnvironment Environment { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Region { get; set; } = string.Empty;

    /// <summary>How long each check may take; a check that takes longer fails on its own and the others go on.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan CheckTimeout { get; set; } = RegionReadinessCheck.DefaultCheckTimeout;

    [Parameter]
    public ReadinessCategory[] Skip { get; set; } = [];

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long MaxRedisLagBytes { get; set; } = 1 << 20;

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int MaxRedisLagSeconds { get; set; } = 10;

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var check = new RegionReadinessCheck(ReadinessBackends.From(Backends), Environment, Environment.Region(Region))
        {
            CheckTimeout = CheckTimeout,
            Skip = Skip,
            MaxRedisLagBytes = MaxRedisLagBytes,
            MaxRedisLagSeconds = MaxRedisLagSeconds,
            Log = new CmdletLog(EmitVerbose, EmitWarning),
        };
        var (readiness, notReady) = await check.RunAsync(cancellationToken).ConfigureAwait(false);
        EmitResult(readiness, notReady);
    }
}
