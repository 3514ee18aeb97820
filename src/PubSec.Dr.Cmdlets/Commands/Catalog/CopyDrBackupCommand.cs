using System.Management.Automation;
using PubSec.Dr.Backups.Copy;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Catalog;

/// <summary>
/// <para type="synopsis">Copies backups to another store, verifying every part there before the copy is listed.</para>
/// </summary>
[Cmdlet(VerbsCommon.Copy, "DrBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(QdrantBackup), typeof(RedisBackup), typeof(KubernetesConfigBackup))]
public sealed class CopyDrBackupCommand : RegionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DrBackup InputObject { get; set; } = null!;

    [Parameter(Position = 1)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Destination { get; set; }

    /// <summary>Signs the copy of a backup whose source is unsigned; a signed source keeps its own signature.</summary>
    [Parameter]
    [ValidateNotNull]
    public System.Security.Cryptography.X509Certificates.X509Certificate2? SigningCertificate { get; set; }

    private ManifestSigner? _signer;
    private IBackupStore _destination = null!;

    protected override Task BeginProcessingAsync(CancellationToken cancellationToken)
    {
        // Checked once, before the first backup is copied.
        _signer = SigningCertificate is null ? null : new ManifestSigner(SigningCertificate);
        // With -Environment the destination is the -Region's store (a copy to the secondary region, plan 1.1).
        _destination = RegionStore(Destination, "-Destination");
        return Task.CompletedTask;
    }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var progress = new TransferProgressWriter(1, EmitProgress);
        try
        {
            var result = await new BackupCopier(_destination, new CmdletLog(EmitVerbose, EmitWarning)) { Signer = _signer }
                .CopyAsync(InputObject, AskShouldProcess, progress, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                Emit(result.Copy!);
            }
        }
        catch (DrException ex)
        {
            // One backup failing must not stop the copy of the others piped in.
            EmitError(DrErrorRecord.From(ex, InputObject));
        }
        finally
        {
            progress.Complete();
        }
    }
}
