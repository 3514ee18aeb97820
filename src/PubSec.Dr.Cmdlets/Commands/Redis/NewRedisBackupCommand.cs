using System.Management.Automation;
using System.Security;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Redis;
using PubSec.Dr.Redis.Logical;
using PubSec.Dr.Redis.Rdb;
using PubSec.Dr.Signing;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Redis;

/// <summary>
/// <para type="synopsis">Backs up a Redis server into a backup store, as its RDB file or as a logical dump of its keys.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "RedisBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RedisBackup))]
public sealed class NewRedisBackupCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string Endpoint { get; set; } = string.Empty;

    [Parameter]
    public SecureString? Password { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    [Parameter(Mandatory = true)]
    public RedisBackupMode Mode { get; set; }

    [Parameter(Mandatory = true)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore Store { get; set; } = null!;

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
        if (Fallback is { } fallback && (fallback != RedisBackupMode.Logical || Mode != RedisBackupMode.Rdb))
        {
            throw new DrException(ErrorIds.RedisBackupModeConflict, DrErrorCategory.InvalidArgument,
                "-Fallback Logical applies only to -Mode Rdb.", "Use -Mode Rdb -Fallback Logical, or -Mode Logical alone.", fallback);
        }

        if (Pattern is not null && Mode == RedisBackupMode.Rdb)
        {
            throw new DrException(ErrorIds.RedisBackupModeConflict, DrErrorCategory.InvalidArgument,
                "-Pattern selects keys, which only a logical backup can do; an RDB file always holds every key.",
                "Use -Mode Logical with -Pattern.", Pattern);
        }

        // Validated before anything is asked of the server: a bad certificate must not cost a backup.
        var signer = SigningCertificate is null ? null : new ManifestSigner(SigningCertificate);
        var endpoint = new RedisEndpoint(Endpoint, SecretText.Reveal(Password), User) { Deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout) };

        var name = Name ?? endpoint.DefaultName;
        var what = Mode == RedisBackupMode.Rdb ? "pull the RDB file" : $"dump {(Pattern is null ? "every key" : $"keys matching '{Pattern}'")}";
        if (!AskShouldProcess(endpoint.Display, $"{what} of Redis {endpoint.Display} and store it in {Store.Location} as '{name}'"))
        {
            return;
        }

        var log = new CmdletLog(EmitVerbose, EmitWarning);
        var progress = new TransferProgressWriter(1, EmitProgress);
        try
        {
            RedisBackup backup;
            try
            {
                backup = Mode == RedisBackupMode.Rdb
                    ? await new RedisRdbBackupEngine(endpoint, Store, log) { Name = name, Signer = signer }.BackupAsync(progress, cancellationToken).ConfigureAwait(false)
                    : await Logical(endpoint, name, signer, log, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (DrException ex) when (ex.ErrorId == ErrorIds.RedisCommandRefused && Fallback == RedisBackupMode.Logical)
            {
                // Managed services (ElastiCache, Azure Cache, Memorystore) refuse SYNC; a logical dump still works there.
                EmitWarning($"{ex.Message} Falling back to a logical backup of every key, as -Fallback Logical asks.");
                backup = await Logical(endpoint, name, signer, log, progress, cancellationToken).ConfigureAwait(false);
            }

            Emit(backup);
        }
        finally
        {
            progress.Complete();
        }
    }

    private Task<RedisBackup> Logical(RedisEndpoint endpoint, string name, ManifestSigner? signer, CmdletLog log, TransferProgressWriter progress,
        CancellationToken cancellationToken) =>
        new RedisLogicalBackupEngine(endpoint, Store, log) { Name = name, Pattern = Pattern, Signer = signer }.BackupAsync(progress, cancellationToken);
}
