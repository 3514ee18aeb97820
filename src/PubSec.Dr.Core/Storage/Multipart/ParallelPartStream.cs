using System.Collections.Concurrent;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Storage.Multipart;

/// <summary>
/// A write stream that cuts its bytes into fixed-size parts and uploads up to <c>concurrency</c> of them at once.
/// Memory is bounded by partSize × (concurrency + 1) buffers whatever the object size, and a buffer grows with the
/// data up to partSize, so a small object (a manifest) costs what it holds, not a whole part; writes wait
/// (back-pressure) while all upload slots are busy. The first failed part fails every later write and
/// <see cref="FinishAsync"/>, so a broken upload can never be completed.
/// Stopping (Ctrl+C, a failed part, disposal before completion) fails the writer at once but lets parts already
/// on the wire finish, within <see cref="DefaultStopGrace"/>: a request cancelled mid-body can still land on
/// the server after the abort that was meant to remove it (S3 documents this for AbortMultipartUpload; Azure
/// staged blocks do the same), and a part that finished cannot.
/// </summary>
public sealed class ParallelPartStream : WriteOnlyStream
{
    /// <summary>How long parts in flight may take to finish once the upload stops, before they are cancelled.</summary>
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(5);

    /// <summary>A new part buffer starts this big (or partSize, if smaller) and doubles as data arrives.</summary>
    public const int InitialBufferSize = 1 << 20;

    private readonly IPartSink _sink;
    private readonly int _partSize;
    private readonly SemaphoreSlim _slots;
    private readonly List<Task> _inFlight = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _stopGrace;
    private int _stopping;
    // Its own buffers, not ArrayPool.Shared: the shared pool keeps part-sized arrays per thread after the upload
    // (measured: 129 MiB held instead of 80), and a part never needs more than concurrency + 1 of them.
    private readonly ConcurrentBag<byte[]> _free = [];
    private byte[]? _buffer;
    private int _filled;
    private int _nextPart = 1;
    private Exception? _failure;
    private bool _finished;

    public ParallelPartStream(IPartSink sink, int partSize, int concurrency, TimeSpan? stopGrace = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partSize, Array.MaxLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _sink = sink;
        _partSize = partSize;
        _slots = new SemaphoreSlim(concurrency, concurrency);
        _stopGrace = stopGrace ?? DefaultStopGrace;
    }

    /// <summary>Bytes accepted so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Parts handed to the sink so far (after <see cref="FinishAsync"/>: the object's part count).</summary>
    public int PartCount => _nextPart - 1;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (!buffer.IsEmpty)
        {
            ThrowIfFailed();
            _buffer ??= RentBuffer();
            var take = Math.Min(buffer.Length, _partSize - _filled);
            Reserve(_filled + take);
            buffer[..take].CopyTo(_buffer.AsMemory(_filled));
            _filled += take;
            BytesWritten += take;
            buffer = buffer[take..];
            if (_filled == _partSize)
            {
                await DispatchAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Sends the last (short) part, waits for every part and returns the part count. An empty object has
    /// one empty part, because both S3 and Azure need at least one part or block to commit.
    /// </summary>
    public async Task<int> FinishAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_filled > 0 || _nextPart == 1)
        {
            _buffer ??= RentBuffer();
            await DispatchAsync(cancellationToken).ConfigureAwait(false);
        }

        await DrainAsync().ConfigureAwait(false);
        _finished = true;
        ThrowIfFailed();
        return PartCount;
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        // Waiting here is the back-pressure that keeps memory flat when the store is slower than the source.
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var buffer = _buffer!;
        var length = _filled;
        var number = _nextPart++;
        _buffer = null;
        _filled = 0;
        _inFlight.RemoveAll(t => t.IsCompleted);
        _inFlight.Add(Task.Run(async () =>
        {
            // The caller's cancellation stops the upload with a grace period instead of cutting this part off.
            using var onCancel = cancellationToken.Register(static state => ((ParallelPartStream)state!).Stop(), this);
            try
            {
                await _sink.UploadPartAsync(number, buffer.AsMemory(0, length), _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Keep the first cause; later parts fail only because this one stopped them.
                Interlocked.CompareExchange(ref _failure, ex, null);
                Stop();
            }
            finally
            {
                _free.Add(buffer);
                _slots.Release();
            }
        }, CancellationToken.None));
    }

    // At most concurrency buffers are in flight (the slots) plus the one being filled, so this allocates at most
    // concurrency + 1 arrays over the stream's life (and their growth, each at most partSize).
    private byte[] RentBuffer() => _free.TryTake(out var buffer) ? buffer : new byte[Math.Min(_partSize, InitialBufferSize)];

    /// <summary>Grows the part being filled to hold <paramref name="needed"/> bytes: doubling, never beyond the part size.</summary>
    private void Reserve(int needed)
    {
        if (_buffer!.Length < needed)
        {
            Array.Resize(ref _buffer, (int)Math.Min(_partSize, Math.Max(needed, 2L * _buffer.Length)));
        }
    }

    private async Task DrainAsync()
    {
        await Task.WhenAll(_inFlight).ConfigureAwait(false);
        _inFlight.Clear();
    }

    // Once only: a second CancelAfter would push the deadline back.
    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            _stop.CancelAfter(_stopGrace);
        }
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Stops unfinished parts and waits for them (the grace period, then cancellation), so that nothing of this
    /// upload is still on the wire when the caller aborts it, and no buffer is reused while in use.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            _finished = true;
            Stop();
            try
            {
                await DrainAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Parts cancelled by the abort are expected to throw; the caller is already aborting.
            }
        }

        _buffer = null;
        _free.Clear();

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
