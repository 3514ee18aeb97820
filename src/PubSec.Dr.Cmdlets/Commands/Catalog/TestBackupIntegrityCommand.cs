using System.Management.Automation;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Network;
using PubSec.Dr.Qdrant.Restore;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Catalog;

/// <summary>
/// <para type="synopsis">Proves that stored backups are complete and unaltered.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "BackupIntegrity")]
[OutputType(typeof(IntegrityReport))]
public sealed class TestBackupIntegrityCommand : RegionCmdlet
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

    /// <summary>Records the verdict in the store (one object per backup), for Get-DrStatus and Export-DrMetrics; the daily integrity runbook sets it.</summary>
    [Parameter]
    public SwitchParameter Record { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var log = new CmdletLog(EmitVerbose, EmitWarning);
        using var keys = new DecryptionKeyRing(DecryptionCertificate);
        var region = SelectedRegion();
        var deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout);
        // The region's Qdrant is the scratch cluster when none is given: the restore test writes only scratch collections.
        var scratchConnection = ScratchQdrantUri is not null
            ? new Dr.Qdrant.Client.QdrantConnection(ScratchQdrantUri, ScratchGrpcUri, SecretText.Reveal(ScratchApiKey), deadlines, "-ScratchQdrantUri", "-ScratchGrpcUri")
            : region?.Qdrant is not null ? EnvironmentParameters.Qdrant(region, null, ScratchGrpcUri, ScratchApiKey, deadlines) : null;
        Func<IBackupStore, IRestoreProbe>? scratch = scratchConnection is null ? null
            : store => new ScratchRestoreCheck(Backends, scratchConnection, store, log) { Decryption = keys };
        var run = new IntegrityRun(log) { Store = OptionalRegionStore(Store), ScratchRestore = scratch, Decryption = keys, TrustedSigners = TrustedSigner ?? [], RecordVerdict = Record.IsPresent };
        var progress = new TransferProgressWriter(2, EmitProgress);
        try
        {
            var (report, errors) = await run.CheckAsync(InputObject, Level, progress, cancellationToken).ConfigureAwait(false);
            if (report is not null)
            {
                Emit(report);
            }

            foreach (var (error, target) in errors)
            {
                EmitError(DrErrorRecord.From(error, target));
            }
        }
        finally
        {
            progress.Complete();
        }
    }
}
