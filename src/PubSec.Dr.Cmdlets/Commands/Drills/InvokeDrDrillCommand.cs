using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Drills;
using PubSec.Dr.Environments;

namespace PubSec.Dr.Commands.Drills;

/// <summary>
/// <para type="synopsis">Runs one of the plan's monthly DR drills (3.1) on drill-owned copies: timed phases naming the plan step and the cmdlet that performed it, the RTO and RPO a real recovery would have had, checks, a verdict per success criterion, and what it created and removed. Saved in the store as the history.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "DrDrill", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(DrillResult))]
public sealed class InvokeDrDrillCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public DrEnvironment Environment { get; set; } = null!;

    /// <summary>The scenario; Scheduled picks the plan's rotation from the current month.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("RegionalFailover", "DatabaseRestore", "InfrastructureRebuild", "SecurityBreach", "Scheduled")]
    public string Scenario { get; set; } = string.Empty;

    /// <summary>The region whose store and Qdrant the drill uses (RegionalFailover: the region failed over to); default the file's first region (RegionalFailover: its second).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    /// <summary>SecurityBreach: backups completed after this time are not trusted; default now.</summary>
    [Parameter]
    public DateTime? BreachTime { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public X509Certificate2[]? DecryptionCertificate { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public X509Certificate2[]? TrustedSigner { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var scheduled = Scenario == "Scheduled";
        var scenario = scheduled ? DrillRotation.For(DateTimeOffset.UtcNow) : Enum.Parse<DrillScenario>(Scenario);
        var region = DrillRegions.Default(Environment, scenario, Region);
        var request = new DrillRequest(Environment, scenario, region)
        {
            Scheduled = scheduled,
            BreachTime = BreachTime is { } breach ? new DateTimeOffset(breach.ToUniversalTime(), TimeSpan.Zero) : null,
            DecryptionCertificates = DecryptionCertificate ?? [], TrustedSigners = TrustedSigner ?? [],
        };
        var log = new CmdletLog(EmitVerbose, EmitWarning);
        var engine = new DrillEngine(Backends) { Log = log, Shipped = ShippedCommands.Of(MyInvocation.MyCommand.Module) };
        var steps = new StepProgressWriter(1, EmitProgress);
        try
        {
            if (await engine.RunAsync(request, AskShouldProcess, steps, cancellationToken).ConfigureAwait(false) is { } result)
            {
                EmitResult(result, result.Verdict == DrillVerdict.Failed ? DrillFailures.Of(result) : null);
            }
        }
        finally
        {
            steps.Complete();
        }
    }
}
