using System.Security.Cryptography;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Backups.Encryption;

/// <summary>Counts and hashes the bytes read through it, for the stored SHA-256 of a part read once to decrypt it.</summary>
internal sealed class HashingReadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _bytes;

    public HashingReadStream(Stream inner) => _inner = inner;

    // BouncyCastle's parser reads synchronously; the drain at the end reads asynchronously.
    public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, _inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Count(buffer[.._inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Count(buffer.Span[..read]);
    }

    /// <summary>Reads whatever the consumer left (the envelope's trailer) and returns the measure of all stored bytes.</summary>
    public async Task<StoredMeasure> FinishAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }

        return new StoredMeasure(_bytes, Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        await _inner.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private int Count(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        _bytes += data.Length;
        return data.Length;
    }
}
