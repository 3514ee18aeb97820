using System.Management.Automation;
using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Retention;

/// <summary>
/// <para type="synopsis">Deletes the backups a retention policy no longer keeps, and says for every backup why it is kept or deleted.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "DrRetention", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RetentionDecision))]
public sealed class InvokeDrRetentionCommand : RegionCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public DrRetentionPolicy[]? Policy { get; set; }

    [Parameter]
    [ValidateSet(nameof(IntegrityLevel.Quick), nameof(IntegrityLevel.Full))]
    public IntegrityLevel VerifyLevel { get; set; } = IntegrityLevel.Quick;

    [Parameter]
    public DateTime? AsOf { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var steps = new StepProgressWriter(1, EmitProgress);
        try
        {
            var store = RegionStore(Store);
            await new RetentionRun(store, new CmdletLog(EmitVerbose, EmitWarning))
                .RunAsync(Policy, VerifyLevel, AsOf ?? DateTime.UtcNow, AskShouldProcess, Done, ex => EmitError(DrErrorRecord.From(ex)), steps, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            steps.Complete();
        }
    }

    private void Done(RetentionDecision decision, Errors.DrException? failure)
    {
        Emit(decision);
        if (failure is not null)
        {
            EmitError(DrErrorRecord.From(failure, decision));
        }
    }
}
