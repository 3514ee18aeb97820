using System.Management.Automation;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Commands.Completers;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Catalog;

/// <summary>
/// <para type="synopsis">Lists the backups in a store, newest first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DrBackup")]
[OutputType(typeof(QdrantBackup), typeof(RedisBackup), typeof(KubernetesConfigBackup))]
public sealed class GetDrBackupCommand : RegionCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore? Store { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BackupCollectionCompleter))]
    public string[]? Collection { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BackupIdCompleter))]
    public string? Id { get; set; }

    [Parameter]
    [ValidateSet(QdrantBackup.KindName, RedisBackup.KindName, KubernetesConfigBackup.KindName)]
    public string[]? Kind { get; set; }

    [Parameter]
    public SwitchParameter Latest { get; set; }

    [Parameter]
    public DateTime? Since { get; set; }

    [Parameter]
    public DateTime? Before { get; set; }

    /// <summary>Certificates one of which must have signed the manifest; the store's own trusted signers (New-DrBackupStore -TrustedSigner) apply too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Security.Cryptography.X509Certificates.X509Certificate2[]? TrustedSigner { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var store = RegionStore(Store);
        var listing = new BackupListing(store)
        {
            Id = Id,
            Sources = Collection?.Select(c => new CatalogMisses.SourceFilter(c, WildcardPattern.Get(c, WildcardOptions.IgnoreCase).IsMatch)).ToList(),
            Kinds = Kind,
            Since = Since,
            Before = Before,
            Latest = Latest,
            TrustedSigners = TrustedSigner,
        };
        foreach (var backup in await listing.ListAsync(ex => EmitError(DrErrorRecord.From(ex)), EmitWarning, cancellationToken).ConfigureAwait(false))
        {
            Emit(backup);
        }
    }
}
