using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PubSec.Dr.Redis.Logical;

/// <summary>
/// Writes the logical dump format (docs/redis-logical-format.md) to a stream in one pass. It measures what it
/// writes (size and SHA-256 of the whole file) so the caller needs no second hashing stream; small records are
/// gathered in one bounded buffer, a payload bigger than the buffer goes straight through.
/// </summary>
public sealed class LogicalDumpWriter : IDisposable
{
    private const int BufferSize = 256 * 1024;
    private readonly Stream _destination;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly byte[] _scratch = new byte[64];
    private readonly IncrementalHash _whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _stream = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _record = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _buffered;
    private long _bytes;
    private bool _headerWritten;
    private bool _completed;

    public LogicalDumpWriter(Stream destination) => _destination = destination;

    public long KeyCount { get; private set; }

    public bool HeaderWritten => _headerWritten;

    public async Task WriteHeaderAsync(LogicalDumpHeader header, CancellationToken cancellationToken)
    {
        if (_headerWritten)
        {
            throw new InvalidOperationException("The header is written once, first.");
        }

        _headerWritten = true;
        BinaryPrimitives.WriteUInt16LittleEndian(_scratch, LogicalDumpFormat.Version);
        await AppendAsync(LogicalDumpFormat.Magic.ToArray(), inRecord: false, cancellationToken).ConfigureAwait(false);
        await AppendAsync(_scratch.AsMemory(0, 2), inRecord: false, cancellationToken).ConfigureAwait(false);

        var version = Encoding.UTF8.GetBytes(header.RedisVersion);
        var pattern = header.Pattern is null ? [] : Encoding.UTF8.GetBytes(header.Pattern);
        if (version.Length > LogicalDumpFormat.MaxTextLength || pattern.Length > LogicalDumpFormat.MaxTextLength)
        {
            throw new ArgumentException("The server version or the pattern is longer than the format allows (64 KiB).", nameof(header));
        }

        var body = new byte[1 + 2 + 8 + 2 + 2 + version.Length + 1 + 4 + pattern.Length];
        var at = 0;
        body[at++] = LogicalDumpFormat.HeaderRecord;
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(at), checked((ushort)header.RdbVersion));
        at += 2;
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(at), new DateTimeOffset(DateTime.SpecifyKind(header.CreatedAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds());
        at += 8;
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(at), checked((ushort)header.Database));
        at += 2;
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(at), (ushort)version.Length);
        at += 2;
        version.CopyTo(body, at);
        at += version.Length;
        body[at++] = header.Pattern is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(at), (uint)pattern.Length);
        at += 4;
        pattern.CopyTo(body, at);
        await AppendAsync(body, inRecord: true, cancellationToken).ConfigureAwait(false);
        await EndRecordAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteKeyAsync(ReadOnlyMemory<byte> key, long pttlMilliseconds, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!_headerWritten || _completed)
        {
            throw new InvalidOperationException("Keys are written after the header and before the trailer.");
        }

        if (key.Length > LogicalDumpFormat.MaxKeyLength || pttlMilliseconds < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(key), "A key longer than 512 MB or a TTL below -1 cannot be recorded.");
        }

        _scratch[0] = LogicalDumpFormat.KeyRecord;
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch.AsSpan(1), (uint)key.Length);
        await AppendAsync(_scratch.AsMemory(0, 5), inRecord: true, cancellationToken).ConfigureAwait(false);
        await AppendAsync(key, inRecord: true, cancellationToken).ConfigureAwait(false);
        BinaryPrimitives.WriteInt64LittleEndian(_scratch, pttlMilliseconds);
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch.AsSpan(8), (uint)payload.Length);
        await AppendAsync(_scratch.AsMemory(0, 12), inRecord: true, cancellationToken).ConfigureAwait(false);
        await AppendAsync(payload, inRecord: true, cancellationToken).ConfigureAwait(false);
        await EndRecordAsync(cancellationToken).ConfigureAwait(false);
        KeyCount++;
    }

    /// <summary>Writes the trailer, flushes, and returns the size and SHA-256 of everything written.</summary>
    public async Task<(long Bytes, string Sha256)> CompleteAsync(CancellationToken cancellationToken)
    {
        if (!_headerWritten || _completed)
        {
            throw new InvalidOperationException("The trailer follows the header, once.");
        }

        _completed = true;
        var trailer = new byte[1 + 8 + LogicalDumpFormat.StreamChecksumLength];
        trailer[0] = LogicalDumpFormat.TrailerRecord;
        BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(1), KeyCount);
        // The stream checksum covers every byte before the trailer, so it is taken before the trailer is appended.
        _stream.GetHashAndReset().CopyTo(trailer, 9);
        await AppendAsync(trailer, inRecord: true, cancellationToken).ConfigureAwait(false);
        await EndRecordAsync(cancellationToken).ConfigureAwait(false);
        await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
        await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return (_bytes, Convert.ToHexString(_whole.GetHashAndReset()).ToLowerInvariant());
    }

    public void Dispose()
    {
        _whole.Dispose();
        _stream.Dispose();
        _record.Dispose();
    }

    private async Task EndRecordAsync(CancellationToken cancellationToken)
    {
        var checksum = _record.GetHashAndReset().AsMemory(0, LogicalDumpFormat.RecordChecksumLength);
        await AppendAsync(checksum, inRecord: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task AppendAsync(ReadOnlyMemory<byte> data, bool inRecord, CancellationToken cancellationToken)
    {
        if (inRecord)
        {
            _record.AppendData(data.Span);
        }

        _stream.AppendData(data.Span);
        _whole.AppendData(data.Span);
        _bytes += data.Length;
        if (data.Length > BufferSize - _buffered)
        {
            await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
            if (data.Length >= BufferSize)
            {
                await _destination.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        data.CopyTo(_buffer.AsMemory(_buffered));
        _buffered += data.Length;
    }

    private async Task FlushBufferAsync(CancellationToken cancellationToken)
    {
        if (_buffered > 0)
        {
            await _destination.WriteAsync(_buffer.AsMemory(0, _buffered), cancellationToken).ConfigureAwait(false);
            _buffered = 0;
        }
    }
}
