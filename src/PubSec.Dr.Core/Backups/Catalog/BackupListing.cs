using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Catalog;

/// <summary>
/// What Get-DrBackup answers: the store's catalog filtered by id, source (a predicate, so the caller's wildcard
/// rules apply), kind and time; with trusted signers only backups whose stored manifest a trusted signer signed;
/// with <see cref="Latest"/> the newest restorable backup per source. Never a silent empty answer: an id or source
/// that matches nothing in the store is reported (<see cref="CatalogMisses"/>), and so is a folder of parts
/// without a manifest.
/// </summary>
public sealed class BackupListing(IBackupStore store)
{
    public string? Id { get; init; }

    /// <summary>Source filters as given (for the misses) with how each matches a backup's collection or Redis name.</summary>
    public IReadOnlyList<CatalogMisses.SourceFilter>? Sources { get; init; }

    public IReadOnlyCollection<string>? Kinds { get; init; }

    public DateTime? Since { get; init; }

    public DateTime? Before { get; init; }

    public bool Latest { get; init; }

    public IEnumerable<X509Certificate2>? TrustedSigners { get; init; }

    /// <summary>Each backup matching the filters, newest first; every miss, unreadable manifest and untrusted backup goes to <paramref name="error"/>.</summary>
    public async Task<IReadOnlyList<DrBackup>> ListAsync(Action<DrException> error, Action<string> warning, CancellationToken ct)
    {
        var catalog = new BackupCatalog(store);
        catalog.UnreadableManifest += error;
        catalog.AbandonedFolder += folder => warning(folder.Describe());
        var all = await catalog.ListAsync(new BackupQuery(), ct).ConfigureAwait(false);
        foreach (var miss in CatalogMisses.Find(all, store.Location, Id, Sources))
        {
            error(miss);
        }

        var selected = BackupCatalog.Filter(all, new BackupQuery(Id: Id, Since: Since, Before: Before))
            .Where(b => Kinds is null || Kinds.Contains(b.Kind, StringComparer.OrdinalIgnoreCase))
            .Where(b => Sources is null || Sources.Any(f => f.IsMatch(b.Source)));
        var verifier = ManifestTrust.VerifierFor(store, TrustedSigners);
        if (verifier.RequiresTrustedSigner)
        {
            // A backup whose signature fails is left out with an error, before -Latest chooses: it is never offered.
            selected = await ManifestGate.KeepTrustedAsync(selected.ToList(), store, verifier, error, ct).ConfigureAwait(false);
        }

        // The newest backup per collection (or Redis name) that can actually be restored.
        return Latest ? selected.Where(b => b.IsRestorable).GroupBy(b => (b.Kind, b.Source)).Select(g => g.First()).ToList() : selected.ToList();
    }
}
