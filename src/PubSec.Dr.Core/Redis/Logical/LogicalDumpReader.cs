using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Redis.Logical;

/// <summary>
/// Reads a logical dump record by record, proving each record's checksum as it goes and, at the end, the
/// trailer's key count and stream checksum. Memory is one read buffer plus the record being returned, so a
/// single huge key is the most it ever holds. Any damage is a DrException naming the record and the byte offset.
/// </summary>
public sealed class LogicalDumpReader : IDisposable
{
    private const int BufferSize = 256 * 1024;
    private const int GrowStep = 1 << 20;
    private readonly Stream _source;
    private readonly string _name;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly byte[] _scratch = new byte[64];
    private readonly IncrementalHash _stream = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _record = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _position;
    private int _length;
    private long _offset;
    private bool _finished;

    /// <param name="name">What the stream is (a part key), for messages.</param>
    public LogicalDumpReader(Stream source, string name)
    {
        _source = source;
        _name = name;
    }

    public LogicalDumpHeader? Header { get; private set; }

    public long KeysRead { get; private set; }

    /// <summary>Bytes consumed so far.</summary>
    public long Offset => _offset;

    public async Task<LogicalDumpHeader> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        if (Header is not null)
        {
            return Header;
        }

        var magic = LogicalDumpFormat.Magic.Length;
        await ReadExactAsync(_scratch.AsMemory(0, magic + 2), Hashed.Stream, "the magic", cancellationToken).ConfigureAwait(false);
        if (!_scratch.AsSpan(0, magic).SequenceEqual(LogicalDumpFormat.Magic))
        {
            throw Malformed("it does not start with the logical dump magic 'PDRL' (not a logical dump, or damaged at the start)");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(_scratch.AsSpan(magic));
        if (version != LogicalDumpFormat.Version)
        {
            throw Malformed($"its format version is {version}; this module reads version {LogicalDumpFormat.Version}",
                "Restore it with the module version that wrote it, or a newer one.");
        }

        var type = await ReadTypeAsync(cancellationToken).ConfigureAwait(false);
        if (type != LogicalDumpFormat.HeaderRecord)
        {
            throw Malformed($"the header record is missing (record type 0x{type:x2} at offset {_offset - 1})");
        }

        await ReadExactAsync(_scratch.AsMemory(0, 14), Hashed.RecordAndStream, "the header", cancellationToken).ConfigureAwait(false);
        var rdb = BinaryPrimitives.ReadUInt16LittleEndian(_scratch);
        var created = BinaryPrimitives.ReadInt64LittleEndian(_scratch.AsSpan(2));
        var database = BinaryPrimitives.ReadUInt16LittleEndian(_scratch.AsSpan(10));
        var versionLength = BinaryPrimitives.ReadUInt16LittleEndian(_scratch.AsSpan(12));
        var redisVersion = await ReadBlobAsync(versionLength, LogicalDumpFormat.MaxTextLength, "the header's server version", cancellationToken).ConfigureAwait(false);
        await ReadExactAsync(_scratch.AsMemory(0, 5), Hashed.RecordAndStream, "the header", cancellationToken).ConfigureAwait(false);
        var hasPattern = _scratch[0];
        var patternLength = BinaryPrimitives.ReadUInt32LittleEndian(_scratch.AsSpan(1));
        if (hasPattern > 1 || patternLength > LogicalDumpFormat.MaxTextLength || (hasPattern == 0 && patternLength != 0))
        {
            throw Malformed($"the header's pattern field is invalid (flag {hasPattern}, length {patternLength})");
        }

        var pattern = await ReadBlobAsync((int)patternLength, LogicalDumpFormat.MaxTextLength, "the header's pattern", cancellationToken).ConfigureAwait(false);
        await VerifyRecordAsync("the header", cancellationToken).ConfigureAwait(false);
        if (created < 0 || created > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw Malformed("the header's creation time is out of range");
        }

        Header = new LogicalDumpHeader(version, Encoding.UTF8.GetString(redisVersion), rdb,
            hasPattern == 1 ? Encoding.UTF8.GetString(pattern) : null, DateTimeOffset.FromUnixTimeMilliseconds(created).UtcDateTime, database);
        return Header;
    }

    /// <summary>The next key, or null after the trailer was read and proven (count and stream checksum) and the stream ended.</summary>
    public async Task<LogicalKeyRecord?> ReadNextAsync(CancellationToken cancellationToken)
    {
        if (Header is null)
        {
            await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_finished)
        {
            return null;
        }

        // The stream checksum covers every byte before the trailer's type byte, so that byte is hashed only once known.
        var streamSoFar = _stream.GetCurrentHash();
        var type = await ReadTypeAsync(cancellationToken).ConfigureAwait(false);
        if (type == LogicalDumpFormat.TrailerRecord)
        {
            await ReadTrailerAsync(streamSoFar, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (type != LogicalDumpFormat.KeyRecord)
        {
            throw Malformed($"an unknown record type 0x{type:x2} follows key record {KeysRead} (offset {_offset - 1})");
        }

        var what = $"key record {KeysRead + 1}";
        await ReadExactAsync(_scratch.AsMemory(0, 4), Hashed.RecordAndStream, what, cancellationToken).ConfigureAwait(false);
        var keyLength = BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
        var key = await ReadBlobAsync(keyLength, LogicalDumpFormat.MaxKeyLength, what, cancellationToken).ConfigureAwait(false);
        await ReadExactAsync(_scratch.AsMemory(0, 12), Hashed.RecordAndStream, what, cancellationToken).ConfigureAwait(false);
        var pttl = BinaryPrimitives.ReadInt64LittleEndian(_scratch);
        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(_scratch.AsSpan(8));
        var payload = await ReadBlobAsync(payloadLength, LogicalDumpFormat.MaxPayloadLength, what, cancellationToken).ConfigureAwait(false);
        await VerifyRecordAsync(what, cancellationToken).ConfigureAwait(false);
        if (pttl < -1 || payload.Length < DumpPayload.FooterLength)
        {
            throw Malformed($"{what} holds an impossible TTL ({pttl}) or a payload of {payload.Length} bytes (a DUMP payload has at least {DumpPayload.FooterLength})");
        }

        KeysRead++;
        return new LogicalKeyRecord(key, pttl, payload);
    }

    /// <summary>Reads every remaining record; returns the key count the trailer proved.</summary>
    public async Task<long> ReadToEndAsync(CancellationToken cancellationToken)
    {
        while (await ReadNextAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
        }

        return KeysRead;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _record.Dispose();
    }

    private async Task ReadTrailerAsync(byte[] expectedStream, CancellationToken cancellationToken)
    {
        var trailer = new byte[8 + LogicalDumpFormat.StreamChecksumLength];
        await ReadExactAsync(trailer, Hashed.RecordAndStream, "the trailer", cancellationToken).ConfigureAwait(false);
        await VerifyRecordAsync("the trailer", cancellationToken).ConfigureAwait(false);
        if (!trailer.AsSpan(8).SequenceEqual(expectedStream))
        {
            throw new DrException(ErrorIds.RedisDumpRecordChecksumMismatch, DrErrorCategory.InvalidData,
                $"The logical dump {_name} fails its stream checksum: the records before the trailer are not the ones written (records were removed, reordered or replaced).",
                "Use another backup, or a copy of this one (Copy-DrBackup to a second region).", _name);
        }

        var count = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        if (count != KeysRead)
        {
            throw new DrException(ErrorIds.RedisDumpKeyCountMismatch, DrErrorCategory.InvalidData,
                $"The logical dump {_name} holds {KeysRead} key record(s), but its trailer says {count}.",
                "Use another backup; this one was not written completely by the module.", _name);
        }

        if (_position < _length || await _source.ReadAsync(_buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) > 0)
        {
            throw Malformed($"bytes follow its trailer (offset {_offset})");
        }

        _finished = true;
    }

    private async Task<byte> ReadTypeAsync(CancellationToken cancellationToken)
    {
        await ReadExactAsync(_scratch.AsMemory(0, 1), Hashed.None, "the next record", cancellationToken).ConfigureAwait(false);
        var type = _scratch[0];
        _record.AppendData(_scratch.AsSpan(0, 1));
        if (type != LogicalDumpFormat.TrailerRecord)
        {
            _stream.AppendData(_scratch.AsSpan(0, 1));
        }

        return type;
    }

    private async Task VerifyRecordAsync(string what, CancellationToken cancellationToken)
    {
        var expected = _record.GetHashAndReset();
        var checksum = new byte[LogicalDumpFormat.RecordChecksumLength];
        var start = _offset;
        await ReadExactAsync(checksum, Hashed.Stream, what, cancellationToken).ConfigureAwait(false);
        if (!checksum.AsSpan().SequenceEqual(expected.AsSpan(0, LogicalDumpFormat.RecordChecksumLength)))
        {
            throw new DrException(ErrorIds.RedisDumpRecordChecksumMismatch, DrErrorCategory.InvalidData,
                $"The logical dump {_name} is damaged: the checksum of {what} (ending at offset {start}) does not match its bytes.",
                "Use another backup, or a copy of this one (Copy-DrBackup to a second region); Test-BackupIntegrity -Level Full finds the damaged ones.", _name);
        }
    }

    /// <summary>
    /// Reads a length-prefixed field. A large declared length is not trusted for allocation (one flipped bit must not
    /// ask for gigabytes): the array grows as bytes actually arrive, so memory follows the data.
    /// </summary>
    private async Task<byte[]> ReadBlobAsync(long length, long max, string what, CancellationToken cancellationToken)
    {
        if (length > max)
        {
            throw Malformed($"{what} declares a field of {length} bytes, more than the format allows ({max}) (offset {_offset})");
        }

        var size = (int)length;
        var blob = new byte[Math.Min(size, GrowStep)];
        var filled = 0;
        while (filled < size)
        {
            if (filled == blob.Length)
            {
                Array.Resize(ref blob, (int)Math.Min(size, (long)blob.Length * 2));
            }

            var chunk = blob.Length - filled;
            await ReadExactAsync(blob.AsMemory(filled, chunk), Hashed.RecordAndStream, what, cancellationToken).ConfigureAwait(false);
            filled += chunk;
        }

        return blob;
    }

    private async Task ReadExactAsync(Memory<byte> destination, Hashed hash, string what, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < destination.Length)
        {
            if (_position == _length)
            {
                _length = await _source.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                _position = 0;
                if (_length == 0)
                {
                    throw Malformed($"it ends inside {what} at offset {_offset + done}: the file is truncated");
                }
            }

            var take = Math.Min(destination.Length - done, _length - _position);
            _buffer.AsMemory(_position, take).CopyTo(destination[done..]);
            _position += take;
            done += take;
        }

        if (hash != Hashed.None)
        {
            _stream.AppendData(destination.Span);
        }

        if (hash == Hashed.RecordAndStream)
        {
            _record.AppendData(destination.Span);
        }

        _offset += destination.Length;
    }

    /// <summary>Which running checksums a field belongs to: a record's checksum covers its type and fields; the stream checksum covers every byte before the trailer.</summary>
    private enum Hashed
    {
        None,
        Stream,
        RecordAndStream,
    }

    private DrException Malformed(string why, string? action = null) => new(
        ErrorIds.RedisDumpMalformed, DrErrorCategory.InvalidData,
        $"The logical dump {_name} cannot be read: {why}.",
        action ?? "Use another backup, or a copy of this one; Test-BackupIntegrity -Level Full finds the damaged ones.", _name);
}
