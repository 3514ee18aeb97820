namespace PubSec.Dr;

/// <summary>How a key of the difference server departs from the reference server.</summary>
public enum RedisDifferenceKind
{
    /// <summary>The reference has the key; the difference side does not.</summary>
    Missing,

    /// <summary>The difference side has a key the reference does not.</summary>
    Extra,

    /// <summary>Both have the key with the same type, but the values differ.</summary>
    ValueDiffers,

    /// <summary>Both have the key, with different types (e.g. hash and string).</summary>
    TypeDiffers,

    /// <summary>The values are equal, but only one side expires the key, or both do more than the tolerance apart.</summary>
    TtlDiffers,
}
