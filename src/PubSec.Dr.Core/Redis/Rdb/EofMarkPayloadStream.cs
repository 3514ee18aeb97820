using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Rdb;

/// <summary>
/// The RDB of a diskless sync ("$EOF:&lt;40 random bytes&gt;"): its length is unknown up front and it ends with the
/// same 40 bytes. The last 40 bytes received are held back until more arrive, so the mark never reaches the
/// reader; the stream ends when everything before the held-back bytes is handed out and they equal the mark.
/// </summary>
internal sealed class EofMarkPayloadStream : ReadOnlyStream
{
    public const int MarkLength = 40;
    private const int WindowSize = 1 << 18;
    private readonly RedisWireConnection _connection;
    private readonly byte[] _mark;
    private readonly byte[] _window = new byte[WindowSize];
    private int _held;
    private long _delivered;
    private bool _done;

    public EofMarkPayloadStream(RedisWireConnection connection, byte[] mark)
    {
        if (mark.Length != MarkLength)
        {
            throw new ArgumentException($"The end mark must have {MarkLength} bytes.", nameof(mark));
        }

        _connection = connection;
        _mark = mark;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!_done && !buffer.IsEmpty)
        {
            if (_held > MarkLength)
            {
                var count = Math.Min(buffer.Length, _held - MarkLength);
                _window.AsMemory(0, count).CopyTo(buffer);
                _window.AsSpan(count, _held - count).CopyTo(_window);
                _held -= count;
                _delivered += count;
                return count;
            }

            if (_held == MarkLength && _window.AsSpan(0, MarkLength).SequenceEqual(_mark))
            {
                _done = true;
                break;
            }

            var read = await _connection.ReadAsync(_window.AsMemory(_held), "receiving the RDB", cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw RedisWireErrors.Unreachable(_connection.Endpoint,
                    $"the server closed the connection after {_delivered + _held} bytes of a diskless RDB, before its end mark. Nothing was kept.");
            }

            _held += read;
        }

        return 0;
    }
}
