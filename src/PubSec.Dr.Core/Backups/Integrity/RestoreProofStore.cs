using System.Text.Json;
using PubSec.Dr.Errors;
using PubSec.Dr.Serialization;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// Restore proofs in a store, one small object per passing restore test under
/// proofs/restore/&lt;kind&gt;/&lt;source&gt;/&lt;yyyyMMddTHHmmssZ&gt;-&lt;backup id&gt;.json: one object per proof, so parallel
/// runs never overwrite each other, and outside the backup roots, so catalog, copy and retention never see them.
/// </summary>
public sealed class RestoreProofStore(IBackupStore store)
{
    public const string Root = "proofs/restore/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new UtcDateTimeConverter() },
    };

    public static string KeyOf(RestoreProof proof) => StoreKey.Validate(
        $"{Root}{StoreKey.Segment(proof.Kind.ToLowerInvariant())}/{StoreKey.Segment(proof.Source)}/{proof.ProvenAt:yyyyMMdd'T'HHmmss'Z'}-{StoreKey.Segment(proof.BackupId)}.json");

    public Task SaveAsync(RestoreProof proof, CancellationToken ct) => StoreObjects.WriteAsync(store, KeyOf(proof), JsonSerializer.SerializeToUtf8Bytes(proof, Json), ct);

    /// <summary>Every proof in the store; an unreadable object goes to <paramref name="error"/> and the rest are read.</summary>
    public Task<IReadOnlyList<RestoreProof>> ListAsync(Action<DrException> error, CancellationToken ct) =>
        StoreJsonRecords.ListAsync<RestoreProof>(store, Root, Json, (key, ex) => new DrException(
            ErrorIds.RestoreProofInvalid, DrErrorCategory.InvalidData, $"The restore proof at {store.Location} {key} cannot be read: {ex.Message}",
            "Look at the object in the store; delete it if this module did not write it (the backup then counts as not yet proven).", key, ex), error, ct);
}
