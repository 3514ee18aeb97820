using System.Net;
using System.Text.RegularExpressions;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace PubSec.Dr.Lab.Dns;

/// <summary>Turns a Route53 record set (values in zone-file text form) into wire records with the set's TTL.</summary>
internal static partial class RecordFactory
{
    public static IEnumerable<DnsRecordBase> Create(ZoneRecordSet set)
    {
        var owner = DomainName.Parse(set.Name);
        foreach (var value in set.Values)
        {
            DnsRecordBase? record = set.Type switch
            {
                "A" => new ARecord(owner, set.Ttl, IPAddress.Parse(value)),
                "AAAA" => new AaaaRecord(owner, set.Ttl, IPAddress.Parse(value)),
                "CNAME" => new CNameRecord(owner, set.Ttl, DomainName.Parse(value)),
                "NS" => new NsRecord(owner, set.Ttl, DomainName.Parse(value)),
                "TXT" => new TxtRecord(owner, set.Ttl, TxtParts(value)),
                "SOA" => Soa(owner, set.Ttl, value),
                _ => null, // other types are stored by Route53 but not served by the lab
            };
            if (record is not null) yield return record;
        }
    }

    /// <summary>A TXT value is one or more quoted strings ("a" "b"); an unquoted value is one string.</summary>
    internal static IEnumerable<string> TxtParts(string value)
    {
        var parts = QuotedString().Matches(value).Select(m => m.Groups[1].Value.Replace("\\\"", "\"").Replace("\\\\", "\\")).ToList();
        return parts.Count > 0 ? parts : [value];
    }

    private static SoaRecord? Soa(DomainName owner, int ttl, string value)
    {
        // moto 5.2.1 renders the SOA value as a Python dict ("{'Value': 'ns... hostmaster... 1 7200 ...'}"),
        // so the seven fields are taken from wherever they appear in the text.
        var m = SoaFields().Match(value);
        if (!m.Success) return null;
        int F(int i) => int.Parse(m.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture);
        return new SoaRecord(owner, ttl, DomainName.Parse(m.Groups[1].Value), DomainName.Parse(m.Groups[2].Value),
            uint.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), F(4), F(5), F(6), F(7));
    }

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"([A-Za-z0-9.\-]+\.?)\s+([A-Za-z0-9.\-]+\.?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)")]
    private static partial Regex SoaFields();
}
