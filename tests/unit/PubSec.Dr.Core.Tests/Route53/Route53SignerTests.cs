using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Tests.Route53;

/// <summary>The Route53-shaped SigV4 vectors of shared/reference/route53.md 5.2 (AWS test-suite keys and time), byte for byte.</summary>
public sealed class Route53SignerTests
{
    private static readonly ImmutableCredentials Keys = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTime At = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    internal const string Vector3Body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet><Name>db.example.com.</Name><Type>CNAME</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>db-east.example.com</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>";

    [Fact]
    public void Vector1_GetChange_signs_host_and_date_only()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://route53.amazonaws.com/2013-04-01/change/C2682N5HXP0BZ4");
        Route53Signer.Sign(request, [], Keys, "us-east-1", At, signContentHash: false);
        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=af84eece3c09ff2d3caadc2a6939474a2cc49d92110ed0357a1c9f427748090f", Authorization(request));
        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
    }

    [Fact]
    public void Vector2_list_with_query_sorts_the_query_and_signs_the_empty_body_hash()
    {
        var request = new HttpRequestMessage(HttpMethod.Get,
            "https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123456789ABC/rrset?name=db.example.com.&type=CNAME&maxitems=1");
        Route53Signer.Sign(request, [], Keys, "us-east-1", At);
        Assert.EndsWith("SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=3badf2206f9dbe34b58f94e3a7c615655810bc673a3a67a74c4661708e9b0884",
            Authorization(request));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", request.Headers.GetValues("X-Amz-Content-SHA256").Single());
    }

    [Fact]
    public void Vector3_change_batch_signs_content_type_and_body()
    {
        var body = Encoding.UTF8.GetBytes(Vector3Body);
        var request = new HttpRequestMessage(HttpMethod.Post, "https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123456789ABC/rrset/")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        Route53Signer.Sign(request, body, Keys, "us-east-1", At);
        Assert.Equal("a4105908f6244bc788e81febef6ce7a76b5f3cc81cd6ca31e76b8bfdaf014ea8", request.Headers.GetValues("X-Amz-Content-SHA256").Single());
        Assert.EndsWith("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=ce33cd7f5093dbe053d71db375ea0f520ff2c56a745f345c898743f06e9d8ca1",
            Authorization(request));
    }

    [Fact]
    public void The_serializer_writes_the_vector3_body_exactly()
    {
        var batch = new Route53ChangeBatch(null, [new Route53Change("UPSERT", new Route53RecordSet
        {
            Name = "db.example.com.", Type = "CNAME", Ttl = 60, Values = ["db-east.example.com"],
        })]);
        Assert.Equal(Vector3Body, Encoding.UTF8.GetString(Route53Xml.ChangeBatchRequest(batch)));
    }

    [Fact]
    public void Get_vanilla_canonical_request_is_the_suite_text()
    {
        var headers = new Dictionary<string, string> { ["host"] = "example.amazonaws.com", ["x-amz-date"] = "20150830T123600Z" };
        var canonical = Route53Signer.CanonicalRequest("GET", new Uri("https://example.amazonaws.com/"), headers, "host;x-amz-date",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Assert.Equal("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", canonical);
    }

    [Fact]
    public void A_session_token_is_sent_and_signed()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://route53.amazonaws.com/2013-04-01/change/C1");
        Route53Signer.Sign(request, [], new ImmutableCredentials("AKIDEXAMPLE", "secret", "token-1"), "us-east-1", At);
        Assert.Equal("token-1", request.Headers.GetValues("X-Amz-Security-Token").Single());
        Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token", Authorization(request));
    }

    private static string Authorization(HttpRequestMessage request) => request.Headers.GetValues("Authorization").Single();
}
