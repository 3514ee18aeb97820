using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Commands.DnsRecords;

/// <summary>
/// <para type="synopsis">Points the environment's failover DNS records at a region: one Route53 change batch (UPSERT), then waits until it is INSYNC.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "DrDnsRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(DnsRecordSwitchResult))]
public sealed class SetDrDnsRecordCommand : Route53CmdletBase
{
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Region { get; set; } = string.Empty;

    /// <summary>Also write the batch as an AWS CLI --change-batch file (under -WhatIf too).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ChangeBatchPath { get; set; }

    [Parameter]
    [Duration(DurationKind.Wait)]
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    [Parameter]
    [Duration(DurationKind.Wait)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Switch without asking for confirmation (same as -Confirm:$false).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        using var client = ConnectRoute53();
        var path = ChangeBatchPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ChangeBatchPath);
        var steps = new StepProgressWriter(1, EmitProgress);
        var engine = new DnsRecordSwitch(client, new CmdletLog(EmitVerbose, EmitWarning))
        {
            WaitTimeout = WaitTimeout, PollInterval = PollInterval, ChangeBatchPath = path,
        };
        try
        {
            var result = await engine.RunAsync(Environment, Region, Confirm, steps, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                Emit(result);
            }
        }
        finally
        {
            steps.Complete();
        }
    }

    // -Force skips the prompt but not -WhatIf (given or from $WhatIfPreference): a preview stays a preview.
    private bool Confirm(DnsSwitchPlan plan)
    {
        var target = $"hosted zone {plan.Zone.Name} ({plan.Zone.Id}) of environment '{plan.Environment.Name}'";
        return Force && !_whatIf ? true : AskShouldProcess(target, plan.Describe());
    }

    private bool _whatIf;

    protected override Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        _whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given)
            ? ((SwitchParameter)given).IsPresent
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        return Task.CompletedTask;
    }
}
