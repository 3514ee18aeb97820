using System.Buffers;
using System.Security.Cryptography;

namespace PubSec.Dr.Transfer;

/// <summary>
/// The single pass every backup byte takes: read once from the source, hash, write to the destination,
/// and (optionally) feed an inspector running beside it (the snapshot tar walker, an RDB or dump reader). Nothing is buffered beyond two read buffers
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
    /// With <paramref name="phases"/>, the time spent reading, hashing, inspecting and writing is added to it.
    /// </summary>
    public static async Task<(CopyResult Copy, T Inspection)> CopyAsync<T>(Stream source, Stream? destination,
        Func<Stream, CancellationToken, Task<T>>? inspector, TransferMeter meter, CancellationToken cancellationToken, PhaseClock? phases = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tee = inspector is null ? null : new BoundedTeeStream();
        var inspection = tee is null
            ? Task.FromResult<T>(default!)
            : Task.Run<T>(async () =>
            {
                var started = PhaseClock.Now;
                try
                {
                    return await inspector!(tee, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    tee.CompleteReading();
                    // The inspector's own work: its lifetime less the time it waited for bytes.
                    phases?.Add(Phases.Inspect, started + tee.WaitTicks, tee.BytesRead);
                }
            }, cancellationToken);

        // Two buffers: the next read runs while the current buffer is hashed and written, so the source (a node's
        // socket, a store's stream) and the destination are busy at the same time. Each read fills its buffer, so
        // the destination gets few large writes instead of one per socket segment.
        var current = ArrayPool<byte>.Shared.Rent(BufferSize);
        var next = ArrayPool<byte>.Shared.Rent(BufferSize);
        Task<int>? pending = null;
        long total = 0;
        try
        {
            var read = await FillAsync(source, current, phases, cancellationToken).ConfigureAwait(false);
            while (read > 0)
            {
                pending = FillAsync(source, next, phases, cancellationToken);
                var chunk = current.AsMemory(0, read);
                // The write starts first and the hash runs while it is under way: a file write is a pwrite on a
                // pool thread, an object store's copies the chunk into its part buffer, so both cores are busy.
                var writing = PhaseClock.Now;
                var write = destination?.WriteAsync(chunk, cancellationToken) ?? ValueTask.CompletedTask;
                // A write that finished at once (a folder's pwrite) is timed now, so its phase does not include the hash.
                var timed = write.IsCompleted;
                if (timed && destination is not null)
                {
                    phases?.Add(Phases.Write, writing, read);
                }

                try
                {
                    var hashing = PhaseClock.Now;
                    hash.AppendData(chunk.Span);
                    phases?.Add(Phases.Hash, hashing, read);
                    if (tee is not null)
                    {
                        await tee.PushAsync(chunk, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    // The buffer is reused below; the write must be done with it first.
                    await write.ConfigureAwait(false);
                    if (!timed && destination is not null)
                    {
                        // Still running while the chunk was hashed: its time overlaps the hash's.
                        phases?.Add(Phases.Write, writing, read);
                    }
                }

                total += read;
                meter.Report(total);
                read = await pending.ConfigureAwait(false);
                pending = null;
                (current, next) = (next, current);
            }
        }
        finally
        {
            tee?.CompleteWriting();
            if (pending is not null)
            {
                // A failed write leaves a read running into the other buffer: it must end before the buffer is returned.
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The write's failure is the one that counts; the source is abandoned anyway.
                }
            }

            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }

        var result = await inspection.ConfigureAwait(false);
        meter.Report(total, force: true);
        return (new CopyResult(total, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant()), result);
    }

    /// <summary>Reads until the buffer is full or the source ends; 0 only at the end.</summary>
    private static async Task<int> FillAsync(Stream source, byte[] buffer, PhaseClock? phases, CancellationToken cancellationToken)
    {
        var started = PhaseClock.Now;
        var read = await source.ReadAtLeastAsync(buffer.AsMemory(0, BufferSize), BufferSize, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        phases?.Add(Phases.Read, started, read);
        return read;
    }

    /// <summary>The phase names the copier reports.</summary>
    public static class Phases
    {
        public const string Read = "Read source";
        public const string Hash = "SHA-256";
        public const string Inspect = "Inspect";
        public const string Write = "Write store";
    }
}
