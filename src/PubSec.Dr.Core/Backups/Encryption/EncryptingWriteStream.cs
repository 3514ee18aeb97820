using System.Security.Cryptography;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Backups.Encryption;

/// <summary>
/// Plaintext in, CMS EnvelopedData out. BouncyCastle's generator writes synchronously, so it writes into a small
/// in-memory sink that is drained to the destination (asynchronously, hashed and counted) after every write:
/// memory holds at most one write's worth of ciphertext, whatever the size of the part.
/// <see cref="CompleteAsync"/> writes the envelope's trailer; without it the stored bytes are not a valid CMS.
/// </summary>
public sealed class EncryptingWriteStream : WriteOnlyStream
{
    private readonly Stream _destination;
    private readonly MemoryStream _sink = new();
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Stream _envelope;
    private long _stored;
    private StoredMeasure? _measure;

    internal EncryptingWriteStream(Stream destination, Func<Stream, Stream> openEnvelope)
    {
        _destination = destination;
        _envelope = openEnvelope(_sink);
    }

    /// <summary>Size and SHA-256 of the stored bytes; available after <see cref="CompleteAsync"/>.</summary>
    public StoredMeasure Stored => _measure ?? throw new InvalidOperationException("The envelope is not complete yet.");

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_measure is not null)
        {
            throw new InvalidOperationException("The envelope is already complete.");
        }

        _envelope.Write(buffer.Span);
        await DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the envelope, writes its last bytes and returns what was stored.</summary>
    public async Task<StoredMeasure> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_measure is null)
        {
            _envelope.Dispose();
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            _measure = new StoredMeasure(_stored, Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant());
        }

        return _measure;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            _sink.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_sink.Length == 0)
        {
            return;
        }

        var pending = _sink.GetBuffer().AsMemory(0, (int)_sink.Length);
        _hash.AppendData(pending.Span);
        await _destination.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        _stored += pending.Length;
        _sink.SetLength(0);
    }
}
