using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using PubSec.Dr.Archive;

namespace PubSec.Dr.Transfer;

/// <summary>
/// The single pass every backup byte takes: read once from the source, hash, write to the destination,
/// and (optionally) feed a tar inspector running beside it. Nothing is buffered beyond one read buffer
/// plus the inspector's bounded pipe, so memory does not grow with object size.
/// </summary>
public static class StreamCopier
{
    private const int BufferSize = 1 << 20;

    public static async Task<CopyResult> CopyAsync(Stream source, Stream? destination, bool inspectArchive,
        TransferMeter meter, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tee = inspectArchive ? new BoundedTeeStream() : null;
        var inspection = tee is null
            ? Task.FromResult<ArchiveSummary?>(null)
            : Task.Run<ArchiveSummary?>(async () =>
            {
                try
                {
                    return await SnapshotArchiveInspector.InspectAsync(tee, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    tee.CompleteReading();
                }
            }, cancellationToken);

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                var chunk = buffer.AsMemory(0, read);
                hash.AppendData(chunk.Span);
                var write = destination?.WriteAsync(chunk, cancellationToken) ?? ValueTask.CompletedTask;
                try
                {
                    if (tee is not null)
                    {
                        await tee.PushAsync(chunk, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    // The buffer goes back to the pool below; the write must be done with it first.
                    await write.ConfigureAwait(false);
                }
                total += read;
                meter.Report(total);
            }
        }
        finally
        {
            tee?.CompleteWriting();
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var summary = await inspection.ConfigureAwait(false);
        meter.Report(total, force: true);
        return new CopyResult(total, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant(), summary);
    }
}
