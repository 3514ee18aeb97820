using System.Management.Automation;
using PubSec.Dr.Catalog;
using PubSec.Dr.Commands.Completers;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Signing;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Catalog;

/// <summary>
/// <para type="synopsis">Lists the backups in a store, newest first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DrBackup")]
[OutputType(typeof(QdrantBackup), typeof(RedisBackup))]
public sealed class GetDrBackupCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [BackupStoreTransformation]
    [ValidateNotNull]
    public IBackupStore Store { get; set; } = null!;

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
    [ValidateSet(QdrantBackup.KindName, RedisBackup.KindName)]
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
        var catalog = new BackupCatalog(Store);
        catalog.UnreadableManifest += ex => EmitError(DrErrorRecord.From(ex));
        catalog.AbandonedFolder += folder => EmitWarning(folder.Describe());
        var all = await catalog.ListAsync(new BackupQuery(), cancellationToken).ConfigureAwait(false);

        var filters = Collection?.Select(c => new CatalogMisses.SourceFilter(c, WildcardPattern.Get(c, WildcardOptions.IgnoreCase).IsMatch)).ToList();
        foreach (var miss in CatalogMisses.Find(all, Store.Location, Id, filters))
        {
            EmitError(DrErrorRecord.From(miss));
        }

        var selected = BackupCatalog.Filter(all, new BackupQuery(Id: Id, Since: Since, Before: Before))
            .Where(b => Kind is null || Kind.Contains(b.Kind, StringComparer.OrdinalIgnoreCase))
            .Where(b => filters is null || filters.Any(f => f.IsMatch(b.Source)));
        var verifier = ManifestTrust.VerifierFor(Store, TrustedSigner);
        if (verifier.RequiresTrustedSigner)
        {
            // A backup whose signature fails is left out with an error, before -Latest chooses: it is never offered.
            selected = await ManifestGate.KeepTrustedAsync(selected.ToList(), Store, verifier, ex => EmitError(DrErrorRecord.From(ex)), cancellationToken)
                .ConfigureAwait(false);
        }

        if (Latest)
        {
            // The newest backup per collection (or Redis name) that can actually be restored.
            selected = selected.Where(b => b.IsRestorable).GroupBy(b => (b.Kind, b.Source)).Select(g => g.First());
        }

        foreach (var backup in selected)
        {
            Emit(backup);
        }
    }
}
