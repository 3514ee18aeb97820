using PubSec.Dr.Errors;

namespace PubSec.Dr.Storage;

/// <summary>
/// One small object (a journal, a ledger, a drill result) written whole or not at all, and read back whole: the
/// pattern the failover journal and the drill records share.
/// </summary>
public static class StoreObjects
{
    public static async Task WriteAsync(IBackupStore store, string key, byte[] content, CancellationToken ct)
    {
        await using var upload = await store.BeginUploadAsync(key, ct).ConfigureAwait(false);
        try
        {
            await upload.Content.WriteAsync(content, ct).ConfigureAwait(false);
            await upload.CompleteAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await upload.AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The object's bytes, or null when it is not there.</summary>
    public static async Task<byte[]?> ReadOrNullAsync(IBackupStore store, string key, CancellationToken ct)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(key, ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.StoreObjectNotFound)
        {
            return null;
        }
    }
}
