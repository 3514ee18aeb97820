using PubSec.Dr.Transfer;

namespace PubSec.Dr.Redis.Rdb;

/// <summary>The RDB of a disk-based sync ("$&lt;length&gt;"): exactly that many bytes; an early close is a broken transfer.</summary>
internal sealed class LengthPayloadStream(RedisWireConnection connection, long length) : ReadOnlyStream
{
    private readonly long _length = length;
    private long _remaining = length;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var read = await connection.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], "receiving the RDB", cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw RedisWireErrors.Unreachable(connection.Endpoint,
                $"the server closed the connection after {_length - _remaining} of the RDB's {_length} bytes. Nothing was kept.");
        }

        _remaining -= read;
        return read;
    }
}
