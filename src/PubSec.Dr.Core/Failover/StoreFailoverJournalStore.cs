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

    public async Task<FailoverJournal?> ReadAsync(CancellationToken ct) =>
        await StoreObjects.ReadOrNullAsync(store, Key, ct).ConfigureAwait(false) is { } bytes ? FailoverJournalJson.Deserialize(bytes, Key) : null;

    public Task WriteAsync(FailoverJournal journal, CancellationToken ct) => StoreObjects.WriteAsync(store, Key, FailoverJournalJson.Serialize(journal), ct);
}
