using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Backups.Encryption;

/// <summary>
/// The plaintext of one encrypted part, decrypted as it is read from the store. The stored bytes are hashed on
/// the way in, so one pass proves both the stored and the plaintext SHA-256. A broken envelope or padding
/// becomes BackupDecryptionFailed, never a raw BouncyCastle exception.
/// </summary>
public sealed class DecryptingReadStream : ReadOnlyStream
{
    private readonly Stream _plaintext;
    private readonly HashingReadStream _stored;
    private readonly string _what;

    internal DecryptingReadStream(Stream plaintext, HashingReadStream stored, string what)
    {
        _plaintext = plaintext;
        _stored = stored;
        _what = what;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // BouncyCastle has no asynchronous reads; each call reads at most one buffer from the store.
            return ValueTask.FromResult(_plaintext.Read(buffer.Span));
        }
        catch (Exception ex) when (IsCrypto(ex))
        {
            throw EncryptionErrors.Failed(_what, ex.Message, ex);
        }
    }

    /// <summary>After the plaintext has been read to its end: reads the envelope's trailer and measures the stored bytes.</summary>
    public Task<StoredMeasure> FinishAsync(CancellationToken cancellationToken) => _stored.FinishAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _plaintext.Dispose();
            _stored.Dispose();
        }

        base.Dispose(disposing);
    }

    internal static bool IsCrypto(Exception ex) => ex is CryptoException or CmsException or Asn1Exception or EndOfStreamException;
}
