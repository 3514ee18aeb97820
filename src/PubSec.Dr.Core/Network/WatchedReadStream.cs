namespace PubSec.Dr.Network;

/// <summary>
/// A request body that reports each read to a <see cref="ProgressWatchdog"/>: the HTTP client reads the next
/// chunk only after it wrote the last one, so reads are the upload's progress. Seeking and length pass through
/// (SDKs rewind a body to retry or to hash it first). At the end of the body the watchdog is told to wait for
/// the answer instead. The inner stream stays open; its owner disposes it.
/// </summary>
internal sealed class WatchedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly ProgressWatchdog _watchdog;
    private readonly TimeSpan _answerWithin;
    private readonly string _answering;

    public WatchedReadStream(Stream inner, ProgressWatchdog watchdog, TimeSpan answerWithin, string answering)
    {
        _inner = inner;
        _watchdog = watchdog;
        _answerWithin = answerWithin;
        _answering = answering;
        if (inner is IPausingBody pausing)
        {
            pausing.Pausing = paused =>
            {
                if (paused)
                {
                    watchdog.Pause();
                }
                else
                {
                    watchdog.Resume();
                }
            };
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => _inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Seen(_inner.Read(buffer, offset, count), count);

    public override int Read(Span<byte> buffer) => Seen(_inner.Read(buffer), buffer.Length);

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Seen(await _inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false), count);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Seen(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Seen(int read, int requested)
    {
        if (read > 0)
        {
            _watchdog.Kick();
        }
        else if (requested > 0)
        {
            // The whole body is handed over: the peer now has to answer.
            _watchdog.Expect(_answerWithin, _answering);
        }

        return read;
    }
}
