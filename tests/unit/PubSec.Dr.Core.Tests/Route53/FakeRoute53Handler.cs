using System.Net;
using System.Text;

namespace PubSec.Dr.Tests.Route53;

/// <summary>A scripted Route53: answers requests in order from a queue (or by a rule), and keeps every request it saw.</summary>
internal sealed class FakeRoute53Handler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();

    public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

    /// <summary>Used once the queue is empty.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage>? Rule { get; set; }

    public FakeRoute53Handler Then(HttpStatusCode status, string xml)
    {
        _answers.Enqueue(_ => Xml(status, xml));
        return this;
    }

    public FakeRoute53Handler Then(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _answers.Enqueue(answer);
        return this;
    }

    public static HttpResponseMessage Xml(HttpStatusCode status, string xml) =>
        new(status) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };

    public static string Error(string code, string message, string type = "Sender") =>
        $"<?xml version=\"1.0\"?><ErrorResponse xmlns=\"{Ns}\"><Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";

    public static string ChangeInfo(string id, string status) =>
        $"<GetChangeResponse xmlns=\"{Ns}\"><ChangeInfo><Id>{id}</Id><Status>{status}</Status><SubmittedAt>2026-01-31T10:15:30.123Z</SubmittedAt></ChangeInfo></GetChangeResponse>";

    public static string Zone(string id = "/hostedzone/Z0123456789ABC", string name = "example.com.") =>
        $"<GetHostedZoneResponse xmlns=\"{Ns}\"><HostedZone><Id>{id}</Id><Name>{name}</Name><CallerReference>x</CallerReference><Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>4</ResourceRecordSetCount></HostedZone></GetHostedZoneResponse>";

    /// <summary>A ListResourceRecordSets page; sets are (name, type, identifier, ttl, values).</summary>
    public static string Page(IEnumerable<(string Name, string Type, string? Id, int Ttl, string[] Values)> sets, (string Name, string Type, string? Id)? next = null)
    {
        var body = new StringBuilder($"<ListResourceRecordSetsResponse xmlns=\"{Ns}\"><ResourceRecordSets>");
        foreach (var (name, type, id, ttl, values) in sets)
        {
            body.Append($"<ResourceRecordSet><Name>{name}</Name><Type>{type}</Type>");
            if (id is not null)
            {
                body.Append($"<SetIdentifier>{id}</SetIdentifier><Failover>{(id == "east" ? "PRIMARY" : "SECONDARY")}</Failover>");
            }

            body.Append($"<TTL>{ttl}</TTL><ResourceRecords>");
            foreach (var value in values)
            {
                body.Append($"<ResourceRecord><Value>{value}</Value></ResourceRecord>");
            }

            body.Append("</ResourceRecords></ResourceRecordSet>");
        }

        body.Append("</ResourceRecordSets>");
        if (next is { } n)
        {
            body.Append($"<IsTruncated>true</IsTruncated><NextRecordName>{n.Name}</NextRecordName><NextRecordType>{n.Type}</NextRecordType>");
            if (n.Id is not null)
            {
                body.Append($"<NextRecordIdentifier>{n.Id}</NextRecordIdentifier>");
            }
        }
        else
        {
            body.Append("<IsTruncated>false</IsTruncated>");
        }

        return body.Append("<MaxItems>1</MaxItems></ListResourceRecordSetsResponse>").ToString();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        if (_answers.TryDequeue(out var answer))
        {
            return answer(request);
        }

        return Rule?.Invoke(request) ?? throw new InvalidOperationException($"No scripted answer for {request.Method} {request.RequestUri}");
    }

    private const string Ns = "https://route53.amazonaws.com/doc/2013-04-01/";
}
