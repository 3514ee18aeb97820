using System.Management.Automation;
using PubSec.Dr.Catalog;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Integrity;
using PubSec.Dr.Retention;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Retention;

/// <summary>
/// <para type="synopsis">Deletes the backups a retention policy no longer keeps, and says for every backup why it is kept or deleted.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "DrRetention", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RetentionDecision))]
public sealed class InvokeDrRetentionCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore Store { get; set; } = null!;

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
        var policies = RetentionPolicySet.Create(Policy);
        var now = AsOf?.ToUniversalTime() ?? DateTime.UtcNow;
        var log = new CmdletLog(EmitVerbose, EmitWarning);
        EmitVerbose($"Retention of {Store.Location} as of {now:yyyy-MM-dd HH:mm:ss}Z: {string.Join("; ", policies.All)}.");

        var catalog = new BackupCatalog(Store);
        catalog.UnreadableManifest += ex => EmitError(DrErrorRecord.From(ex));
        var backups = await catalog.ListAsync(new BackupQuery(), cancellationToken).ConfigureAwait(false);

        var steps = new StepProgressWriter(1, EmitProgress);
        try
        {
            var finder = new NewestGoodBackupFinder(new IntegrityChecker(Store, log), VerifyLevel, log);
            var findings = await finder.FindAsync(backups, steps, cancellationToken).ConfigureAwait(false);
            var plan = RetentionPlanner.Plan(backups, policies, now, findings);
            var summary = await new RetentionExecutor(Store, log).ApplyAsync(plan, Confirm, Done, steps, cancellationToken).ConfigureAwait(false);
            EmitVerbose(summary.ToString());
        }
        finally
        {
            steps.Complete();
        }
    }

    private bool Confirm(RetentionDecision decision) => AskShouldProcess(
        $"{decision.Kind} backup {decision.BackupId} of '{decision.Source}' started {decision.StartedAt:yyyy-MM-dd HH:mm:ss}Z in {Store.Location}",
        $"Delete ({string.Join("; ", decision.Reasons)})");

    private void Done(RetentionDecision decision, Errors.DrException? failure)
    {
        Emit(decision);
        if (failure is not null)
        {
            EmitError(DrErrorRecord.From(failure, decision));
        }
    }
}
