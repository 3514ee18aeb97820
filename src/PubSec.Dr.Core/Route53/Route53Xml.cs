using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace PubSec.Dr.Route53;

/// <summary>
/// The rest-xml bodies of the four calls. Elements are written in the service model's order: Route53 validates
/// requests against an XSD, and a reordered element fails as InvalidInput ("cvc-complex-type...").
/// </summary>
public static class Route53Xml
{
    public const string Namespace = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static readonly XNamespace Ns = Namespace;

    public static byte[] ChangeBatchRequest(Route53ChangeBatch batch)
    {
        var changes = new XElement(Ns + "Changes", batch.Changes.Select(change =>
            new XElement(Ns + "Change", new XElement(Ns + "Action", change.Action), RecordSet(change.RecordSet))));
        var root = new XElement(Ns + "ChangeResourceRecordSetsRequest",
            new XElement(Ns + "ChangeBatch", batch.Comment is null ? null : new XElement(Ns + "Comment", batch.Comment), changes));
        // The declaration is written by hand: XmlWriter spells it "utf-8", the SDKs "UTF-8"; same bytes as they sign.
        var body = root.ToString(SaveOptions.DisableFormatting);
        return Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
    }

    private static XElement RecordSet(Route53RecordSet set) => new(Ns + "ResourceRecordSet",
        new XElement(Ns + "Name", set.Name),
        new XElement(Ns + "Type", set.Type),
        Optional("SetIdentifier", set.SetIdentifier),
        Optional("Weight", set.Weight?.ToString(CultureInfo.InvariantCulture)),
        Optional("Region", set.Region),
        Optional("Failover", set.Failover),
        Optional("MultiValueAnswer", set.MultiValueAnswer is { } multi ? (multi ? "true" : "false") : null),
        Optional("TTL", set.Ttl?.ToString(CultureInfo.InvariantCulture)),
        set.Values.Count == 0 ? null : new XElement(Ns + "ResourceRecords",
            set.Values.Select(value => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", value)))),
        Optional("HealthCheckId", set.HealthCheckId));

    private static XElement? Optional(string name, string? value) => value is null ? null : new XElement(Ns + name, value);

    public static Route53ChangeInfo ChangeInfo(XDocument document)
    {
        var info = Required(document.Root, "ChangeInfo");
        var submitted = Text(info, "SubmittedAt");
        return new Route53ChangeInfo(
            Route53Names.BareId(RequiredText(info, "Id")),
            RequiredText(info, "Status"),
            submitted is not null && DateTimeOffset.TryParse(submitted, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at.ToUniversalTime() : DateTimeOffset.UtcNow,
            Text(info, "Comment"));
    }

    public static Route53HostedZone HostedZone(XDocument document)
    {
        var zone = Required(document.Root, "HostedZone");
        var config = Child(zone, "Config");
        return new Route53HostedZone(
            Route53Names.BareId(RequiredText(zone, "Id")),
            Route53Names.Normalize(RequiredText(zone, "Name")),
            string.Equals(config is null ? null : Text(config, "PrivateZone"), "true", StringComparison.OrdinalIgnoreCase),
            long.TryParse(Text(zone, "ResourceRecordSetCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : null);
    }

    /// <summary>One page of ListResourceRecordSets and where the next starts (null when the list is complete).</summary>
    public static (IReadOnlyList<Route53RecordSet> Sets, Route53ListPosition? Next) RecordSetPage(XDocument document)
    {
        var root = document.Root ?? throw new FormatException("The answer is empty.");
        var sets = (Child(root, "ResourceRecordSets")?.Elements().Where(e => e.Name.LocalName == "ResourceRecordSet") ?? []).Select(ParseRecordSet).ToList();
        var truncated = string.Equals(Text(root, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
        var next = truncated
            ? new Route53ListPosition(RequiredText(root, "NextRecordName"), Text(root, "NextRecordType"), Text(root, "NextRecordIdentifier"))
            : null;
        return (sets, next);
    }

    private static Route53RecordSet ParseRecordSet(XElement set) => new()
    {
        Name = RequiredText(set, "Name"),
        Type = RequiredText(set, "Type"),
        SetIdentifier = Text(set, "SetIdentifier"),
        Weight = long.TryParse(Text(set, "Weight"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var weight) ? weight : null,
        Region = Text(set, "Region"),
        Failover = Text(set, "Failover"),
        MultiValueAnswer = Text(set, "MultiValueAnswer") is { } multi ? string.Equals(multi, "true", StringComparison.OrdinalIgnoreCase) : null,
        Ttl = long.TryParse(Text(set, "TTL"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ttl) ? ttl : null,
        Values = (Child(set, "ResourceRecords")?.Elements().Where(e => e.Name.LocalName == "ResourceRecord") ?? [])
            .Select(record => Text(record, "Value") ?? string.Empty).ToList(),
        HealthCheckId = Text(set, "HealthCheckId"),
        IsAlias = Child(set, "AliasTarget") is not null,
    };

    /// <summary>
    /// The code and message of an error body, in either shape: ErrorResponse/Error/{Code,Message} (today's) or the
    /// legacy &lt;InvalidChangeBatch&gt;&lt;Messages&gt;&lt;Message/&gt;... whose root names the error. Namespaces are ignored:
    /// proxies and emulators vary. Null when the body is not XML (an HTML 502 page from a proxy).
    /// </summary>
    public static (string Code, string Message)? Error(string body)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(body);
        }
        catch (XmlException)
        {
            return null;
        }

        var root = document.Root;
        if (root is null)
        {
            return null;
        }

        var error = root.Name.LocalName == "Error" ? root : root.Elements().FirstOrDefault(e => e.Name.LocalName == "Error");
        if (error is not null)
        {
            var code = Local(error, "Code");
            return code is null ? null : (code, Local(error, "Message") ?? Local(error, "message") ?? string.Empty);
        }

        var messages = root.Elements().FirstOrDefault(e => e.Name.LocalName == "Messages")?.Elements()
            .Where(e => e.Name.LocalName == "Message").Select(e => e.Value.Trim()).ToList() ?? [];
        var single = Local(root, "Message");
        if (messages.Count == 0 && single is null)
        {
            return null;
        }

        return (root.Name.LocalName, messages.Count > 0 ? string.Join("; ", messages) : single!);
    }

    private static string? Local(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();

    private static XElement Required(XElement? parent, string name) =>
        Child(parent, name) ?? throw new FormatException($"The answer has no <{name}> element.");

    private static string RequiredText(XElement parent, string name) =>
        Text(parent, name) ?? throw new FormatException($"The answer has no <{name}> in <{parent.Name.LocalName}>.");

    private static string? Text(XElement parent, string name) => Child(parent, name)?.Value.Trim();

    // Answers are read by local names: emulators and proxies do not all put them in Route53's namespace.
    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
}

/// <summary>Where a page of ListResourceRecordSets starts: name, type and (for routing policies) set identifier.</summary>
public sealed record Route53ListPosition(string Name, string? Type, string? Identifier);
