namespace PubSec.Dr.DnsPropagation;

/// <summary>
/// How answers are compared with expected values: order, case, a trailing dot and TXT quoting do not count, so
/// "db.example.com." from Route53 equals "db.example.com" from a resolver and "\"v=1\"" equals "v=1".
/// </summary>
public static class DnsValues
{
    public static string Normalize(string value)
    {
        var text = value.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
        }

        return text.TrimEnd('.').ToLowerInvariant();
    }

    public static bool SameSet(IEnumerable<string> left, IEnumerable<string> right) =>
        left.Select(Normalize).Distinct().Order(StringComparer.Ordinal).SequenceEqual(right.Select(Normalize).Distinct().Order(StringComparer.Ordinal));
}
