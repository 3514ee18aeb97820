namespace PubSec.Dr.Storage.Multipart;

/// <summary>
/// Where <see cref="ParallelPartStream"/> sends numbered parts: S3 UploadPart or Azure Put Block. Calls for
/// different parts may run concurrently; the sink must not keep <paramref name="content"/> after returning.
/// </summary>
public interface IPartSink
{
    /// <summary>Uploads one part. Part numbers start at 1 and have no gaps; only the last part may be short.</summary>
    Task UploadPartAsync(int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
