using PubSec.Dr.Storage;

namespace PubSec.Dr.Drills;

/// <summary>Reads and writes one small JSON object of the drills in a store (a ledger, a result), whole or not at all.</summary>
internal static class DrillStoreObjects
{
    public static Task WriteAsync<T>(IBackupStore store, string key, T value, CancellationToken ct) =>
        StoreObjects.WriteAsync(store, key, DrillJson.Serialize(value), ct);

    /// <summary>The object, or null when it is not there (removed by another run between listing and reading).</summary>
    public static async Task<T?> ReadAsync<T>(IBackupStore store, string key, CancellationToken ct)
        where T : class =>
        await StoreObjects.ReadOrNullAsync(store, key, ct).ConfigureAwait(false) is { } bytes
            ? DrillJson.Deserialize<T>(bytes, $"{store.Location} {key}") : null;
}
