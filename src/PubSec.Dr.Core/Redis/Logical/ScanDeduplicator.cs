using System.Security.Cryptography;

namespace PubSec.Dr.Redis.Logical;

/// <summary>
/// SCAN may return a key more than once (when the server resizes its table during the scan); a dump must hold
/// each key once or its restore would refuse the second copy as an existing key. It remembers 128 bits of each
/// key's SHA-256 (about 30 bytes a key, 300 MB for 10 million keys): the one thing that grows with the key count.
/// </summary>
internal sealed class ScanDeduplicator
{
    private readonly HashSet<UInt128> _seen = [];

    public int Duplicates { get; private set; }

    /// <summary>True the first time a key is offered.</summary>
    public bool FirstTime(ReadOnlySpan<byte> key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(key, hash);
        var id = new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
        if (_seen.Add(id))
        {
            return true;
        }

        Duplicates++;
        return false;
    }
}
