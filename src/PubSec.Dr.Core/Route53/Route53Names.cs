namespace PubSec.Dr.Route53;

/// <summary>Route53's name and id conventions: FQDNs with a trailing dot, "\052" for "*", and prefixed ids in answers.</summary>
public static class Route53Names
{
    /// <summary>Lower case with exactly one trailing dot, and Route53's octal escape for "*" undone.</summary>
    public static string Normalize(string name)
    {
        var text = name.Trim().Replace("\\052", "*", StringComparison.Ordinal).TrimEnd('.').ToLowerInvariant();
        return text + ".";
    }

    public static bool Equal(string left, string right) => Normalize(left) == Normalize(right);

    /// <summary>True when <paramref name="name"/> is the zone apex or below it.</summary>
    public static bool InZone(string name, string zoneName)
    {
        var (n, z) = (Normalize(name), Normalize(zoneName));
        return n == z || n.EndsWith("." + z, StringComparison.Ordinal);
    }

    /// <summary>
    /// The bare id Route53's URIs take: answers say "/hostedzone/Z..." or "/change/C...", and operators paste either
    /// form. The SDKs strip everything up to the last slash the same way.
    /// </summary>
    public static string BareId(string id)
    {
        var text = id.Trim();
        return text[(text.LastIndexOf('/') + 1)..];
    }
}
