using System.Management.Automation;
using System.Security;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Qdrant.Backup;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Compare;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Qdrant;

/// <summary>
/// <para type="synopsis">Backs up Qdrant collections from every node of a cluster into a backup store.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "QdrantBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(QdrantBackup))]
public sealed class NewQdrantBackupCommand : RegionCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public Uri[]? QdrantUri { get; set; }

    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Collection { get; set; }

    [Parameter]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    [Parameter]
    public Uri? GrpcUri { get; set; }

    [Parameter]
    public SecureString? ApiKey { get; set; }

    [Parameter]
    public SwitchParameter KeepServerSnapshot { get; set; }

    [Parameter]
    [ValidateRange(0, 10000)]
    public int SampleSize { get; set; } = QdrantSampler.DefaultSampleSize;

    [Parameter]
    [ValidateRange(0, 100)]
    public int GoldenQueryCount { get; set; } = QdrantSampler.DefaultGoldenQueryCount;

    /// <summary>Recipient certificates (public keys suffice): every part is stored as CMS EnvelopedData that any one of their private keys opens.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Security.Cryptography.X509Certificates.X509Certificate2[]? EncryptionCertificate { get; set; }

    [Parameter]
    [Duration(DurationKind.Wait)]
    public TimeSpan SnapshotTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long connecting (TCP and TLS) to each Qdrant node and the gRPC endpoint may take.</summary>
    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = NetworkDeadlines.DefaultConnect;

    /// <summary>How long each Qdrant node and the gRPC endpoint may take to answer a request, or during a transfer to send or take the next bytes.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = NetworkDeadlines.DefaultRequest;

    /// <summary>A certificate with its private key: the manifest is signed (manifest.json.p7s) so the backup can be proven unaltered.</summary>
    [Parameter]
    [ValidateNotNull]
    public System.Security.Cryptography.X509Certificates.X509Certificate2? SigningCertificate { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        // Validated before any snapshot is taken: a bad certificate must not cost a cluster-wide snapshot.
        var encryptor = EncryptionCertificate is null ? null : new PartEncryptor(EncryptionCertificate);
        var signer = SigningCertificate is null ? null : new ManifestSigner(SigningCertificate);
        var region = SelectedRegion();
        var connection = EnvironmentParameters.Qdrant(region, QdrantUri, GrpcUri, ApiKey, new NetworkDeadlines(ConnectTimeout, RequestTimeout));
        var store = RegionStore(Store);
        var steps = new StepProgressWriter(1, EmitProgress);
        var progress = new TransferProgressWriter(2, EmitProgress, parentId: 1);
        using var cluster = Backends.Qdrant(connection);
        var engine = new QdrantBackupEngine(cluster, store, new CmdletLog(EmitVerbose, EmitWarning))
        {
            KeepServerSnapshot = KeepServerSnapshot.IsPresent,
            SnapshotTimeout = SnapshotTimeout,
            SampleSize = SampleSize,
            GoldenQueryCount = GoldenQueryCount,
            Encryption = encryptor,
            Signer = signer,
            Steps = steps,
        };

        try
        {
            await foreach (var outcome in engine.BackupCollectionsAsync(Collection, AskShouldProcess, progress, cancellationToken).ConfigureAwait(false))
            {
                EmitOutcome(outcome);
            }
        }
        finally
        {
            progress.Complete();
            steps.Complete();
        }
    }
}
