using PubSec.Dr.Failover;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Drills;

/// <summary>
/// This drill's ledger in the store. It is written before anything is created and again before each resource is
/// created (so it may name one that was never made: removing it is then a no-op), renewed at every phase, and deleted
/// once everything it names is removed. A ledger left behind names a killed drill's leftovers.
/// </summary>
public sealed class DrillLedger
{
    private readonly IBackupStore _store;
    private readonly FailoverLeasePolicy _lease;
    private readonly SemaphoreSlim _write = new(1, 1);

    public DrillLedger(IBackupStore store, DrillLedgerRecord record, FailoverLeasePolicy lease)
    {
        _store = store;
        _lease = lease;
        Record = record;
        Record.Owner = lease.Owner;
        Key = DrillNames.Ledger(record.Environment, record.Id);
    }

    public DrillLedgerRecord Record { get; }

    public string Key { get; }

    /// <summary>What the drill created (or began to), in order.</summary>
    public IReadOnlyList<DrillResource> Resources => Record.Resources;

    public Task RenewAsync(CancellationToken ct) => SaveAsync(() => { }, ct);

    public Task AddAsync(DrillResource resource, CancellationToken ct) => SaveAsync(() => Record.Resources.Add(resource), ct);

    public Task RemovedAsync(DrillResource resource, CancellationToken ct) => SaveAsync(() => resource.RemovedAt = DateTimeOffset.UtcNow, ct);

    public Task DeleteAsync(CancellationToken ct) => _store.DeleteAsync(Key, ct);

    /// <summary>Whether the ledger names the resource and it is not removed yet; read under the write lock, as phases may run side by side.</summary>
    public async Task<bool> HoldsAsync(string kind, string name, CancellationToken ct)
    {
        await _write.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return Record.Resources.Any(r => r.Kind == kind && string.Equals(r.Name, name, StringComparison.Ordinal) && r.RemovedAt is null);
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task SaveAsync(Action change, CancellationToken ct)
    {
        await _write.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            change();
            Record.ExpiresAt = DateTimeOffset.UtcNow + _lease.Duration;
            await DrillStoreObjects.WriteAsync(_store, Key, Record, ct).ConfigureAwait(false);
        }
        finally
        {
            _write.Release();
        }
    }
}
