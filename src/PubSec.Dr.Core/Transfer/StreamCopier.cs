using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;

namespace PubSec.Dr.Transfer;

/// <summary>
/// The single pass every backup byte takes: read once from the source, hash, write to the destination,
/// and (optionally) feed an inspector running beside it (the snapshot tar walker, an RDB or dump reader). Nothing is buffered beyond one read buffer
/// plus the inspector's bounded pipe, so memory does not grow with object size.
/// </summary>
public static class StreamCopier
{
    private const int BufferSize = 1 << 20;

    public static async Task<CopyResult> CopyAsync(Stream source, Stream? destination, TransferMeter meter, CancellationToken cancellationToken)
    {
        var (copy, _) = await CopyAsync<object?>(source, destination, inspector: null, meter, cancellationToken).ConfigureAwait(false);
        return copy;
    }

    /// <summary>
    /// The same single pass with any inspector reading the bytes beside it (a tar walker, an RDB verifier, a
    /// record reader). The inspector must read its stream to the end or fail; its result comes back with the copy.
    /// </summary>
    public static async Task<(CopyResult Copy, T Inspection)> CopyAsync<T>(Stream source, Stream? destination,
        Func<Stream, CancellationToken, Task<T>>? inspector, TransferMeter meter, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tee = inspector is null ? null : new BoundedTeeStream();
        var inspection = tee is null
            ? Task.FromResult<T>(default!)
            : Task.Run<T>(async () =>
            {
                try
                {
                    return await inspector!(tee, cancellationToken).ConfigureAwait(false);
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

        var result = await inspection.ConfigureAwait(false);
        meter.Report(total, force: true);
        return (new CopyResult(total, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant()), result);
    }
}
