using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Storage;
using PubSec.Dr.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Integrity;
using PubSec.Dr.Network;

namespace PubSec.Dr.Commands.Catalog;

/// <summary>
/// <para type="synopsis">Proves that stored backups are complete and unaltered.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "BackupIntegrity")]
[OutputType(typeof(IntegrityReport))]
public sealed class TestBackupIntegrityCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public DrBackup InputObject { get; set; } = null!;

    [Parameter]
    public IntegrityLevel Level { get; set; } = IntegrityLevel.Full;

    [Parameter]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public Uri[]? ScratchQdrantUri { get; set; }

    [Parameter]
    public Uri? ScratchGrpcUri { get; set; }

    [Parameter]
    public System.Security.SecureString? ScratchApiKey { get; set; }

    /// <summary>Certificates with private keys for encrypted backups; the CurrentUser\My and LocalMachine\My stores are searched too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Security.Cryptography.X509Certificates.X509Certificate2[]? DecryptionCertificate { get; set; }

    /// <summary>How long connecting (TCP and TLS) to the scratch cluster (-Level Restore) may take.</summary>
    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = NetworkDeadlines.DefaultConnect;

    /// <summary>How long the scratch cluster (-Level Restore) may take to answer a request, or during a transfer to send or take the next bytes.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = NetworkDeadlines.DefaultRequest;

    /// <summary>Certificates one of which must have signed the manifest; the store's own trusted signers (New-DrBackupStore -TrustedSigner) apply too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Security.Cryptography.X509Certificates.X509Certificate2[]? TrustedSigner { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var store = Store ?? InputObject.Store;
        if (store is null)
        {
            EmitError(DrErrorRecord.Create(ErrorIds.BackupStoreUnknown, ErrorCategory.InvalidArgument,
                $"The backup {InputObject.Id} does not say which store it is in.",
                "Pass -Store, or pipe backups from Get-DrBackup or New-QdrantBackup.", InputObject));
            return;
        }

        if (Level == IntegrityLevel.Restore && ScratchQdrantUri is null)
        {
            throw new DrException(ErrorIds.IntegrityScratchUriMissing, DrErrorCategory.InvalidArgument,
                "-Level Restore restores the backup into a scratch collection and needs -ScratchQdrantUri.",
                "Give the REST URIs of every node of a cluster that may hold a scratch collection (one node per backup part).", Level);
        }

        var log = new CmdletLog(EmitVerbose, EmitWarning);
        using var keys = new DecryptionKeyRing(DecryptionCertificate);
        var scratch = ScratchQdrantUri is null ? null
            : new ScratchRestoreCheck(Backends, new Dr.Qdrant.QdrantConnection(ScratchQdrantUri, ScratchGrpcUri, SecretText.Reveal(ScratchApiKey),
                new NetworkDeadlines(ConnectTimeout, RequestTimeout), "-ScratchQdrantUri", "-ScratchGrpcUri"), store, log) { Decryption = keys };
        var checker = new IntegrityChecker(store, log) { ScratchRestore = scratch, Decryption = keys, TrustedSigners = TrustedSigner ?? [] };
        var progress = new TransferProgressWriter(2, EmitProgress);
        IntegrityReport report;
        try
        {
            report = await checker.CheckAsync(InputObject, Level, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DrException ex)
        {
            EmitError(DrErrorRecord.From(ex, InputObject));
            return;
        }
        finally
        {
            progress.Complete();
        }

        Emit(report);
        foreach (var failed in report.Checks.Where(c => !c.Passed))
        {
            EmitError(DrErrorRecord.From(IntegrityAdvice.ErrorFor(report, failed), failed));
        }
    }
}
