using System.Management.Automation;
using PubSec.Dr.Audit;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Audit;

/// <summary>
/// <para type="synopsis">Reads the audit log of a backup store, oldest first, filtered by time, command, target, identity and outcome.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DrAuditLog")]
[OutputType(typeof(AuditRecord))]
public sealed class GetDrAuditLogCommand : RegionCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    [Parameter]
    public DateTimeOffset? After { get; set; }

    [Parameter]
    public DateTimeOffset? Before { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Command { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Target { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Identity { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Outcome { get; set; }

    /// <summary>Only the newest this many matching records (still oldest first).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Last { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var filter = new AuditFilter { After = After, Before = Before, Command = Command, Target = Target, Identity = Identity, Outcome = Outcome };
        var log = new AuditLog(RegionStore(Store), AuditIdentity.Current());
        var newest = Last is { } last ? new Queue<AuditRecord>(Math.Min(last, 4096)) : null;
        await foreach (var record in log.ReadAsync(filter, ex => EmitError(DrErrorRecord.From(ex)), cancellationToken).ConfigureAwait(false))
        {
            if (newest is null)
            {
                Emit(record);
                continue;
            }

            newest.Enqueue(record);
            if (newest.Count > Last)
            {
                newest.Dequeue();
            }
        }

        foreach (var record in newest ?? [])
        {
            Emit(record);
        }
    }
}
