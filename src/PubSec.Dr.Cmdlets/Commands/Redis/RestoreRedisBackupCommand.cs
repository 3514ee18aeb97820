using System.Management.Automation;
using System.Security;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Network;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Restore;

namespace PubSec.Dr.Commands.Redis;

/// <summary>
/// <para type="synopsis">Restores a Redis backup: a logical backup into a running server with RESTORE, an RDB backup as the dump.rdb of a stopped self-managed server.</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "RedisBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = LogicalSet)]
[OutputType(typeof(RedisRestoreResult))]
public sealed class RestoreRedisBackupCommand : RegionCmdlet
{
    private const string LogicalSet = "Logical";
    private const string RdbSet = "Rdb";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public RedisBackup InputObject { get; set; } = null!;

    /// <summary>Not bound from the pipeline: a backup's Endpoint is its source, and restoring over the source must be asked for by name.</summary>
    [Parameter(Position = 0, ParameterSetName = LogicalSet)]
    [ValidateNotNullOrEmpty]
    public string? Endpoint { get; set; }

    [Parameter(ParameterSetName = LogicalSet)]
    public SecureString? Password { get; set; }

    [Parameter(ParameterSetName = LogicalSet)]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    [Parameter(ParameterSetName = LogicalSet)]
    [ValidateNotNullOrEmpty]
    public string? Pattern { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = RdbSet)]
    [ValidateNotNullOrEmpty]
    public string DataDirectory { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Replace { get; set; }

    /// <summary>How long connecting to the target Redis server (TCP, TLS and login) may take.</summary>
    [Parameter(ParameterSetName = LogicalSet)]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = RedisEndpoint.DefaultDeadlines.Connect;

    /// <summary>How long the target Redis server may take to answer each command.</summary>
    [Parameter(ParameterSetName = LogicalSet)]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = RedisEndpoint.DefaultDeadlines.Request;

    /// <summary>Certificates one of which must have signed the manifest; the store's own trusted signers (New-DrBackupStore -TrustedSigner) apply too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Security.Cryptography.X509Certificates.X509Certificate2[]? TrustedSigner { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        // With -Environment, the -Region's Redis is the target: named by region, never taken from the backup's source.
        var (endpoint, password, user) = ParameterSetName == LogicalSet
            ? EnvironmentParameters.RedisLogin(SelectedRegion(), Endpoint, Password, User)
            : (string.Empty, null, null);
        var request = new RedisRestoreRequest
        {
            Endpoint = endpoint,
            Password = password,
            User = user,
            Deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout),
            DataDirectory = ParameterSetName == RdbSet ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(DataDirectory) : null,
            Replace = Replace.IsPresent,
            Pattern = Pattern,
            TrustedSigners = TrustedSigner ?? [],
        };
        var progress = new TransferProgressWriter(1, EmitProgress);
        try
        {
            var (result, failure) = await new RedisRestoreRun(Backends, new CmdletLog(EmitVerbose, EmitWarning))
                .RestoreAsync(InputObject, request, AskShouldProcess, progress, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                EmitResult(result, failure);
            }
            else if (failure is not null)
            {
                EmitError(DrErrorRecord.From(failure, InputObject));
            }
        }
        finally
        {
            progress.Complete();
        }
    }
}
