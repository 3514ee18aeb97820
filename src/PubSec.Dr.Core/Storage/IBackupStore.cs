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

    /// <summary>
    /// How many uploads one backup should run at once. An object store's upload already sends its pieces in
    /// parallel with a bounded buffer each, so a second upload beside it would only multiply that memory; a folder
    /// write holds no buffer and gains from writing every node's part at once.
    /// </summary>
    int ConcurrentUploads => 1;

    /// <summary>
    /// Creates a small object only if no object has that key; false when one exists. Atomic across processes/hosts:
    /// of any number of concurrent calls for one key exactly one returns true, and no reader ever sees a
    /// half-written object. For records that must never be overwritten (the audit log).
    /// </summary>
    Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Opens an object for sequential reading; throws DrException StoreObjectNotFound when absent.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Returns null when the object does not exist.</summary>
    Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken);

    /// <summary>Completed objects whose key starts with <paramref name="prefix"/>, in no particular order.</summary>
    IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes one object; deleting an object that is not there is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Removes unfinished writes (folder partial files, S3 multipart uploads, uncommitted blobs) under
    /// <paramref name="prefix"/> that began before <paramref name="startedBefore"/>, left by a run that was killed.
    /// Returns how many were removed. Never touches completed objects.
    /// </summary>
    Task<int> RemoveIncompleteUploadsAsync(string prefix, DateTime startedBefore, CancellationToken cancellationToken);
}
