using System.Text.Json;
using PubSec.Dr.Errors;
using PubSec.Dr.Serialization;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// Integrity verdicts in a store: one object per backup, proofs/integrity/&lt;kind&gt;/&lt;source&gt;/&lt;backup id&gt;.json,
/// overwritten by each new check, so the count stays that of the backups however often they are checked. Outside
/// the backup roots, like the restore proofs, so catalog, copy and retention never see them; a verdict of a backup
/// that retention deleted is ignored by its readers.
/// </summary>
public sealed class IntegrityVerdictStore(IBackupStore store)
{
    public const string Root = "proofs/integrity/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new UtcDateTimeConverter(), new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string KeyOf(IntegrityVerdictRecord record) => StoreKey.Validate(
        $"{Root}{StoreKey.Segment(record.Kind.ToLowerInvariant())}/{StoreKey.Segment(record.Source)}/{StoreKey.Segment(record.BackupId)}.json");

    public Task SaveAsync(IntegrityVerdictRecord record, CancellationToken ct) =>
        StoreObjects.WriteAsync(store, KeyOf(record), JsonSerializer.SerializeToUtf8Bytes(record, Json), ct);

    /// <summary>Every verdict in the store; an unreadable object goes to <paramref name="error"/> and the rest are read.</summary>
    public Task<IReadOnlyList<IntegrityVerdictRecord>> ListAsync(Action<DrException> error, CancellationToken ct) =>
        StoreJsonRecords.ListAsync<IntegrityVerdictRecord>(store, Root, Json, (key, ex) => new DrException(
            ErrorIds.IntegrityRecordInvalid, DrErrorCategory.InvalidData, $"The integrity verdict at {store.Location} {key} cannot be read: {ex.Message}",
            "Look at the object in the store; delete it if this module did not write it (the next daily check writes it again).", key, ex), error, ct);
}
