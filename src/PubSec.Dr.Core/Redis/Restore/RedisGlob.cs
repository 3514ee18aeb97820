namespace PubSec.Dr.Redis.Restore;

/// <summary>
/// Redis's glob rules (the ones SCAN MATCH and KEYS use) over key bytes: * ? [abc] [^a] [a-z] and \ to escape,
/// so a restore -Pattern selects exactly the keys a backup -Pattern would have.
/// </summary>
public sealed class RedisGlob
{
    private readonly byte[] _pattern;

    public RedisGlob(string pattern) => _pattern = System.Text.Encoding.UTF8.GetBytes(pattern);

    public bool IsMatch(ReadOnlySpan<byte> key) => Match(_pattern, key);

    private static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text)
    {
        // Iterative with one backtrack point for the last '*': linear in practice, no recursion on long keys.
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == (byte)'*')
            {
                starP = ++p;
                starT = t;
                continue;
            }

            if (p < pattern.Length && MatchOne(pattern, ref p, text[t]))
            {
                t++;
                continue;
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP;
            t = ++starT;
        }

        while (p < pattern.Length && pattern[p] == (byte)'*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Whether the pattern element at <paramref name="p"/> matches <paramref name="c"/>; on a match, moves p past the element.</summary>
    private static bool MatchOne(ReadOnlySpan<byte> pattern, ref int p, byte c)
    {
        switch (pattern[p])
        {
            case (byte)'?':
                p++;
                return true;
            case (byte)'\\' when p + 1 < pattern.Length:
                if (pattern[p + 1] != c)
                {
                    return false;
                }

                p += 2;
                return true;
            case (byte)'[':
                return MatchClass(pattern, ref p, c);
            default:
                if (pattern[p] != c)
                {
                    return false;
                }

                p++;
                return true;
        }
    }

    private static bool MatchClass(ReadOnlySpan<byte> pattern, ref int p, byte c)
    {
        var i = p + 1;
        var negate = i < pattern.Length && pattern[i] == (byte)'^';
        if (negate)
        {
            i++;
        }

        var matched = false;
        while (i < pattern.Length && pattern[i] != (byte)']')
        {
            if (pattern[i] == (byte)'\\' && i + 1 < pattern.Length)
            {
                matched |= pattern[i + 1] == c;
                i += 2;
            }
            else if (i + 2 < pattern.Length && pattern[i + 1] == (byte)'-' && pattern[i + 2] != (byte)']')
            {
                var (low, high) = pattern[i] <= pattern[i + 2] ? (pattern[i], pattern[i + 2]) : (pattern[i + 2], pattern[i]);
                matched |= c >= low && c <= high;
                i += 3;
            }
            else
            {
                matched |= pattern[i] == c;
                i++;
            }
        }

        // Like Redis, an unclosed '[' ends at the end of the pattern.
        if (matched == negate)
        {
            return false;
        }

        p = i < pattern.Length ? i + 1 : i;
        return true;
    }
}
