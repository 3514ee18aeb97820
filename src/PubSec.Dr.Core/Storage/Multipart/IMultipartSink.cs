namespace PubSec.Dr.Storage.Multipart;

/// <summary>
/// An object store's side of a <see cref="MultipartStoreUpload"/>: the parts (<see cref="IPartSink"/>), then the
/// commit that makes the object visible or the abort that gives the parts up. S3: UploadPart,
/// CompleteMultipartUpload, AbortMultipartUpload; Azure: Put Block, Put Block List, discard of the staged blocks.
/// </summary>
public interface IMultipartSink : IPartSink
{
    /// <summary>Makes the object of parts 1..<paramref name="partCount"/> visible; throws the store's own error.</summary>
    Task CompleteAsync(int partCount, CancellationToken cancellationToken);

    /// <summary>Discards the parts sent, best effort with its own deadline; never throws.</summary>
    Task AbortAsync();
}
