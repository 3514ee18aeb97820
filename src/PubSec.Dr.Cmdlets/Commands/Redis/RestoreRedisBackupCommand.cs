using System.Management.Automation;
using System.Security;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Restore;

namespace PubSec.Dr.Commands.Redis;

/// <summary>
/// <para type="synopsis">Restores a Redis backup: a logical backup into a running server with RESTORE, an RDB backup as the dump.rdb of a stopped self-managed server.</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "RedisBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = LogicalSet)]
[OutputType(typeof(RedisRestoreResult))]
public sealed class RestoreRedisBackupCommand : AsyncPSCmdlet
{
    private const string LogicalSet = "Logical";
    private const string RdbSet = "Rdb";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public RedisBackup InputObject { get; set; } = null!;

    /// <summary>Not bound from the pipeline: a backup's Endpoint is its source, and restoring over the source must be asked for by name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = LogicalSet)]
    [ValidateNotNullOrEmpty]
    public string Endpoint { get; set; } = string.Empty;

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
        var backup = InputObject;
        var store = backup.Store ?? throw new DrException(ErrorIds.BackupStoreUnknown, DrErrorCategory.InvalidArgument,
            $"The backup {backup.Id} does not say which store it is in.",
            "Pipe backups from Get-DrBackup or New-RedisBackup, which carry their store.", backup.Id);
        var log = new CmdletLog(EmitVerbose, EmitWarning);
        var progress = new TransferProgressWriter(1, EmitProgress);
        try
        {
            if (ParameterSetName == RdbSet)
            {
                RedisRdbFileRestore.CheckRestorable(backup);
                var file = new RedisRdbFileRestore(SessionState.Path.GetUnresolvedProviderPathFromPSPath(DataDirectory), log)
                {
                    Replace = Replace.IsPresent,
                    TrustedSigners = TrustedSigner ?? [],
                };
                if (AskShouldProcess(file.TargetPath, $"write the RDB file of backup {backup.Id} ({backup.Parts[0].Size} bytes, {backup.KeyCount} key(s)) as {file.TargetPath}{(Replace ? ", replacing the existing file" : string.Empty)}"))
                {
                    Emit(await file.RestoreAsync(backup, store, progress, cancellationToken).ConfigureAwait(false));
                }

                return;
            }

            RedisLogicalRestoreEngine.CheckRestorable(backup);
            var endpoint = new RedisEndpoint(Endpoint, SecretText.Reveal(Password), User) { Deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout) };
            var keys = Pattern is null ? $"{backup.KeyCount} key(s)" : $"the keys matching '{Pattern}' of {backup.KeyCount}";
            if (!AskShouldProcess(endpoint.Display, $"RESTORE {keys} of backup {backup.Id} into db 0 of Redis {endpoint.Display}, "
                + (Replace ? "replacing keys that exist" : "leaving existing keys untouched")))
            {
                return;
            }

            var engine = new RedisLogicalRestoreEngine(endpoint, log) { Replace = Replace.IsPresent, Pattern = Pattern, TrustedSigners = TrustedSigner ?? [] };
            var (result, failure) = await engine.RestoreAsync(backup, store, progress, cancellationToken).ConfigureAwait(false);
            EmitResult(result, failure);
        }
        catch (DrException ex)
        {
            EmitError(DrErrorRecord.From(ex, backup));
        }
        finally
        {
            progress.Complete();
        }
    }
}
