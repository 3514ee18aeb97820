using System.Management.Automation;
using PubSec.Dr.Audit;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Audit;

/// <summary>
/// <para type="synopsis">Verifies the audit log's hash chain in a backup store and names the first edited, missing or unreadable record.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "DrAuditLog")]
[OutputType(typeof(AuditVerification))]
public sealed class TestDrAuditLogCommand : RegionCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var store = RegionStore(Store);
        EmitVerbose($"Verifying the audit log in {store.Location}.");
        var result = await new AuditLog(store, AuditIdentity.Current()).VerifyAsync(cancellationToken).ConfigureAwait(false);
        // The result first, so a script under -ErrorAction Stop still gets the broken record's name; then the error.
        EmitResult(result, result.Error);
    }
}
