using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Failover;

/// <summary>
/// The journal in the target region's backup store, under failover/&lt;environment&gt;/&lt;from&gt;-to-&lt;to&gt;/journal.json:
/// the region that takes over keeps the record, so another operator's run finds it.
/// </summary>
public sealed class StoreFailoverJournalStore(IBackupStore store, string environment, string from, string to) : IFailoverJournalStore
{
    public string Key { get; } = $"failover/{environment}/{from}-to-{to}/journal.json";

    public string Location => Key;

    public async Task<FailoverJournal?> ReadAsync(CancellationToken ct)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(Key, ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            return FailoverJournalJson.Deserialize(buffer.ToArray(), Key);
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.StoreObjectNotFound)
        {
            return null;
        }
    }

    public async Task WriteAsync(FailoverJournal journal, CancellationToken ct)
    {
        await using var upload = await store.BeginUploadAsync(Key, ct).ConfigureAwait(false);
        try
        {
            await upload.Content.WriteAsync(FailoverJournalJson.Serialize(journal), ct).ConfigureAwait(false);
            await upload.CompleteAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await upload.AbortAsync().ConfigureAwait(false);
            throw;
        }
    }
}
