using System.Management.Automation;
using System.Security;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Network;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Backup;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Redis;

/// <summary>
/// <para type="synopsis">Backs up a Redis server into a backup store, as its RDB file or as a logical dump of its keys.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "RedisBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RedisBackup))]
public sealed class NewRedisBackupCommand : RegionCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string? Endpoint { get; set; }

    [Parameter]
    public SecureString? Password { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    [Parameter(Mandatory = true)]
    public RedisBackupMode Mode { get; set; }

    [Parameter]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Pattern { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    public RedisBackupMode? Fallback { get; set; }

    /// <summary>How long connecting to the Redis server (TCP, TLS and login) may take.</summary>
    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = RedisEndpoint.DefaultDeadlines.Connect;

    /// <summary>How long the Redis server may take to answer each command.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = RedisEndpoint.DefaultDeadlines.Request;

    /// <summary>A certificate with its private key: the manifest is signed (manifest.json.p7s) so the backup can be proven unaltered.</summary>
    [Parameter]
    [ValidateNotNull]
    public System.Security.Cryptography.X509Certificates.X509Certificate2? SigningCertificate { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var region = SelectedRegion();
        var store = RegionStore(Store);
        var request = new RedisBackupRequest
        {
            Endpoint = EnvironmentParameters.Redis(region, Endpoint, Password, User, new NetworkDeadlines(ConnectTimeout, RequestTimeout)),
            Mode = Mode,
            Fallback = Fallback,
            Pattern = Pattern,
            Name = Name,
            SigningCertificate = SigningCertificate,
        };
        var progress = new TransferProgressWriter(1, EmitProgress);
        try
        {
            var outcome = await new RedisBackupRun(Backends, store, new CmdletLog(EmitVerbose, EmitWarning))
                .BackupAsync(request, AskShouldProcess, progress, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                Emit(outcome.Backup);
            }
        }
        finally
        {
            progress.Complete();
        }
    }
}
