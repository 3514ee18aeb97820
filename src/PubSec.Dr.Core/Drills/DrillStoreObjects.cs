using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Drills;

/// <summary>Reads and writes one small JSON object of the drills in a store (a ledger, a result), whole or not at all.</summary>
internal static class DrillStoreObjects
{
    public static async Task WriteAsync<T>(IBackupStore store, string key, T value, CancellationToken ct)
    {
        await using var upload = await store.BeginUploadAsync(key, ct).ConfigureAwait(false);
        try
        {
            await upload.Content.WriteAsync(DrillJson.Serialize(value), ct).ConfigureAwait(false);
            await upload.CompleteAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await upload.AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The object, or null when it is not there (removed by another run between listing and reading).</summary>
    public static async Task<T?> ReadAsync<T>(IBackupStore store, string key, CancellationToken ct)
        where T : class
    {
        try
        {
            await using var stream = await store.OpenReadAsync(key, ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            return DrillJson.Deserialize<T>(buffer.ToArray(), $"{store.Location} {key}");
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.StoreObjectNotFound)
        {
            return null;
        }
    }
}
