using System.Globalization;

namespace PubSec.Dr.Qdrant.Compare;

/// <summary>
/// A point id as a position in Qdrant's scroll order: every integer id before every UUID, integers by value and
/// UUIDs by their 128-bit value (the order of their canonical lower-case text). Lets a sampler do arithmetic on
/// ids, e.g. place scroll offsets evenly between the lowest and the highest id.
/// </summary>
internal readonly record struct PointKey(bool IsUuid, UInt128 Value) : IComparable<PointKey>
{
    /// <summary>The largest value in the key's space: 2^64 - 1 for integers, 2^128 - 1 for UUIDs.</summary>
    public static UInt128 MaxOf(bool isUuid) => isUuid ? UInt128.MaxValue : ulong.MaxValue;

    public static PointKey Parse(string id)
    {
        if (ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return new PointKey(false, number);
        }

        var hex = id.Replace("-", string.Empty, StringComparison.Ordinal);
        return hex.Length == 32 && UInt128.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? new PointKey(true, value)
            : throw new FormatException($"'{id}' is neither an unsigned integer nor a UUID.");
    }

    /// <summary>The id as Qdrant takes it: a decimal integer, or a hyphenated lower-case UUID.</summary>
    public string Text
    {
        get
        {
            if (!IsUuid)
            {
                return ((ulong)Value).ToString(CultureInfo.InvariantCulture);
            }

            var hex = Value.ToString("x32", CultureInfo.InvariantCulture);
            return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
        }
    }

    public int CompareTo(PointKey other) => IsUuid != other.IsUuid ? IsUuid.CompareTo(other.IsUuid) : Value.CompareTo(other.Value);
}
