using System.Text.Json;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Storage;

/// <summary>
/// Small JSON records kept one object per record under a prefix (restore proofs, integrity verdicts): every one read,
/// an object that does not parse handed to <c>error</c> as the caller words it, and the rest still returned.
/// </summary>
public static class StoreJsonRecords
{
    public static async Task<IReadOnlyList<T>> ListAsync<T>(IBackupStore store, string prefix, JsonSerializerOptions json,
        Func<string, JsonException, DrException> invalid, Action<DrException> error, CancellationToken ct)
        where T : class
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(prefix, ct).ConfigureAwait(false))
        {
            if (info.Key.EndsWith(".json", StringComparison.Ordinal))
            {
                keys.Add(info.Key);
            }
        }

        var records = new List<T>();
        foreach (var key in keys)
        {
            if (await StoreObjects.ReadOrNullAsync(store, key, ct).ConfigureAwait(false) is not { } bytes)
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize<T>(bytes, json) ?? throw new JsonException("The object is empty."));
            }
            catch (JsonException ex)
            {
                error(invalid(key, ex));
            }
        }

        return records;
    }
}
