using PubSec.Dr.Transfer;

namespace PubSec.Dr.Network;

/// <summary>
/// A response body where every read must return within the idle deadline. A 50 GB download may take hours, so
/// it has no total limit; a peer that stops sending ends it after <c>idle</c> with a DeadlineExceededException
/// instead of a read that waits forever. Disposing it disposes the inner stream.
/// </summary>
internal sealed class IdleTimeoutReadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly TimeSpan _idle;
    private readonly string _doing;

    public IdleTimeoutReadStream(Stream inner, TimeSpan idle, string doing)
    {
        _inner = inner;
        _idle = idle;
        _doing = doing;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_idle);
        try
        {
            return await _inner.ReadAsync(buffer, limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Deadline.Expired(limit, cancellationToken, ex))
        {
            throw new DeadlineExceededException(_doing, _idle, ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
