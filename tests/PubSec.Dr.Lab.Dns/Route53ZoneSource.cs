using System.Globalization;
using System.Xml.Linq;

namespace PubSec.Dr.Lab.Dns;

/// <summary>
/// Lists a hosted zone's record sets from moto's Route53 (ListResourceRecordSets, every page).
/// moto picks the service from the credential scope in the Authorization header and never checks signatures,
/// so a fixed, unsigned header naming route53 is enough here; real Route53 would need SigV4.
/// </summary>
internal sealed class Route53ZoneSource(HttpClient http, Uri moto, string zoneId, string zone) : IZoneSource
{
    private static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";
    private const string UnsignedRoute53Authorization =
        "AWS4-HMAC-SHA256 Credential=lab/20130401/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=unchecked-by-moto";

    private readonly string _zoneId = zoneId[(zoneId.LastIndexOf('/') + 1)..];

    public async Task<ZoneSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var sets = new List<ZoneRecordSet>();
        string? name = null, type = null;
        for (var page = 0; page < 1000; page++)
        {
            var query = name is null ? "" : $"?name={Uri.EscapeDataString(name)}&type={Uri.EscapeDataString(type ?? "")}";
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(moto, $"/2013-04-01/hostedzone/{_zoneId}/rrset{query}"));
            request.Headers.TryAddWithoutValidation("Authorization", UnsignedRoute53Authorization);
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"ListResourceRecordSets for zone {_zoneId} answered {(int)response.StatusCode}: {body}");

            var root = XDocument.Parse(body).Root!;
            foreach (var set in root.Descendants(Ns + "ResourceRecordSet")) AddIfServable(sets, set);

            if (!string.Equals((string?)root.Element(Ns + "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase)) break;
            var nextName = (string?)root.Element(Ns + "NextRecordName");
            var nextType = (string?)root.Element(Ns + "NextRecordType");
            // moto never returns NextRecordIdentifier: a page that ends inside a set of same-name records (failover
            // pairs) would repeat forever, so a page that does not advance ends the listing.
            if (nextName is null || (nextName == name && nextType == type)) break;
            (name, type) = (nextName, nextType);
        }
        return new ZoneSnapshot(zone, Deduplicate(sets));
    }

    private static void AddIfServable(List<ZoneRecordSet> sets, XElement set)
    {
        // Alias records have no TTL or values of their own; the lab's zone does not use them.
        var ttl = (string?)set.Element(Ns + "TTL");
        if (ttl is null) return;
        var failover = (string?)set.Element(Ns + "Failover");
        var values = set.Descendants(Ns + "Value").Select(v => v.Value).ToList();
        sets.Add(new ZoneRecordSet(
            ZoneRecordSet.NormalizeName((string)set.Element(Ns + "Name")!),
            ((string)set.Element(Ns + "Type")!).ToUpperInvariant(),
            int.Parse(ttl, CultureInfo.InvariantCulture),
            values) { Failover = failover?.ToUpperInvariant() });
    }

    /// <summary>
    /// One set per name and type. The lab has no health checks, so of a failover pair the PRIMARY is served (what
    /// Route53 serves while the primary is healthy); a plain set wins over routed ones.
    /// </summary>
    private static IEnumerable<ZoneRecordSet> Deduplicate(List<ZoneRecordSet> sets) =>
        sets.GroupBy(s => (s.Name, s.Type))
            .Select(g => g.OrderBy(s => s.Failover switch { null => 0, "PRIMARY" => 1, _ => 2 }).First());
}
