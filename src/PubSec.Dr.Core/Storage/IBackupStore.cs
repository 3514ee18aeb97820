namespace PubSec.Dr.Storage;

/// <summary>
/// The seam every backup location (folder, S3, Azure Blob) implements. Keys are '/'-separated relative
/// paths already checked by <see cref="StoreKey"/>. Implementations stream: no method may buffer an object.
/// </summary>
public interface IBackupStore
{
    /// <summary>A display form of the location, never containing a secret.</summary>
    string Location { get; }

    Task<IStoreUpload> BeginUploadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Opens an object for sequential reading; throws DrException StoreObjectNotFound when absent.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Returns null when the object does not exist.</summary>
    Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken);

    /// <summary>Completed objects whose key starts with <paramref name="prefix"/>, in no particular order.</summary>
    IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
