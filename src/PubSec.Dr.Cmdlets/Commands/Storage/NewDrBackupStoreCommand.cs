using System.Management.Automation;
using System.Security;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Network;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Storage;

/// <summary>
/// <para type="synopsis">Opens a backup store once, with explicit region, endpoint and credentials, for every -Store and -Destination.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "DrBackupStore")]
[OutputType(typeof(IBackupStore))]
public sealed class NewDrBackupStoreCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Location { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    [Parameter]
    [ValidateNotNull]
    public Uri? Endpoint { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    /// <summary>AWS access key id as the user name and the secret access key as the password.</summary>
    [Parameter]
    [ValidateNotNull]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidateNotNull]
    public SecureString? SessionToken { get; set; }

    [Parameter]
    [ValidateNotNull]
    public SecureString? ConnectionString { get; set; }

    [Parameter]
    [ValidateRange(BackupStoreOptions.MinPartSizeMB, BackupStoreOptions.MaxPartSizeMB)]
    public int PartSizeMB { get; set; } = BackupStoreOptions.DefaultPartSizeBytes >> 20;

    [Parameter]
    [ValidateRange(1, 64)]
    public int Concurrency { get; set; } = BackupStoreOptions.DefaultConcurrency;

    /// <summary>How long connecting (TCP and TLS) to the object store may take.</summary>
    [Parameter]
    [Duration(DurationKind.Connect)]
    public TimeSpan ConnectTimeout { get; set; } = NetworkDeadlines.DefaultConnect;

    /// <summary>How long the object store may take to answer a request, or during a transfer to send or take the next bytes.</summary>
    [Parameter]
    [Duration(DurationKind.Request)]
    public TimeSpan RequestTimeout { get; set; } = NetworkDeadlines.DefaultRequest;

    /// <summary>Every check, listing and restore through this store object requires manifests signed by one of these.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Security.Cryptography.X509Certificates.X509Certificate2[]? TrustedSigner { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            DurationAttribute.Check(this);
        }
        catch (Errors.DrException ex)
        {
            ThrowTerminatingError(DrErrorRecord.From(ex));
        }

        var options = new BackupStoreOptions
        {
            Region = Region,
            Endpoint = Endpoint,
            Profile = ProfileName,
            AccessKeyId = Credential?.UserName,
            SecretAccessKey = Credential is null ? null : SecretText.Reveal(Credential.Password),
            SessionToken = SecretText.Reveal(SessionToken),
            ConnectionString = SecretText.Reveal(ConnectionString),
            PartSizeBytes = BackupStoreOptions.PartSizeBytesFromMB(PartSizeMB),
            Concurrency = Concurrency,
            Deadlines = new NetworkDeadlines(ConnectTimeout, RequestTimeout),
            TrustedSigners = TrustedSigner,
        };
        try
        {
            WriteObject(StoreResolver.Open(SessionState, Location, options));
        }
        catch (Errors.DrException ex)
        {
            // The error's own target: the location as the store masked it (it may hold a connection string or user:password@).
            ThrowTerminatingError(DrErrorRecord.From(ex));
        }
    }
}
