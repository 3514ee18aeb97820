namespace PubSec.Dr;

/// <summary>One key that differs between a reference Redis server and a difference server.</summary>
public sealed class RedisDifference
{
    /// <summary>The key as text; keys that are not printable UTF-8 are escaped the way redis-cli shows them ("\xff").</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The key's exact bytes in hex, unambiguous for binary keys.</summary>
    public string KeyHex { get; set; } = string.Empty;

    public RedisDifferenceKind Kind { get; set; }

    /// <summary>Time to live on the reference; null when the key does not expire there or is absent.</summary>
    public TimeSpan? ReferenceTtl { get; set; }

    /// <summary>Time to live on the difference side; null when the key does not expire there or is absent.</summary>
    public TimeSpan? DifferenceTtl { get; set; }

    /// <summary>What differs, in a few words (types, lengths, the first differing field or offset); never a whole value.</summary>
    public string Detail { get; set; } = string.Empty;

    /// <summary>True once -Fix made the difference side equal to the reference for this key.</summary>
    public bool Fixed { get; set; }

    /// <summary>host:port of the reference server.</summary>
    public string Reference { get; set; } = string.Empty;

    /// <summary>host:port of the difference server.</summary>
    public string Difference { get; set; } = string.Empty;
}
