using System.Net;
using System.Xml.Linq;
using PubSec.Dr.Errors;
using PubSec.Dr.Route53;

namespace PubSec.Dr.Tests.Route53;

/// <summary>What moto does not do: PENDING, throttling, SetIdentifier paging, and Route53's error shapes.</summary>
public sealed class Route53ClientTests
{
    [Fact]
    public async Task Waiting_polls_GetChange_from_PENDING_until_INSYNC()
    {
        var handler = new FakeRoute53Handler()
            .Then(HttpStatusCode.OK, FakeRoute53Handler.ChangeInfo("/change/C1", "PENDING"))
            .Then(HttpStatusCode.OK, FakeRoute53Handler.ChangeInfo("/change/C1", "INSYNC"));
        using var client = Route53TestClient.Create(handler);
        var waits = new List<TimeSpan>();
        var submitted = new Route53ChangeInfo("C1", "PENDING", DateTimeOffset.UtcNow, null);

        var synced = await Route53ChangeWaiter.WaitInSyncAsync(client, submitted, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), default,
            (delay, _) => { waits.Add(delay); return Task.CompletedTask; });

        Assert.Equal("INSYNC", synced.Status);
        Assert.Equal("C1", synced.Id);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], waits);
        Assert.All(handler.Requests, r => Assert.Equal("/2013-04-01/change/C1", r.Request.RequestUri!.AbsolutePath));
    }

    [Fact]
    public async Task A_change_still_PENDING_at_the_deadline_is_Route53Timeout()
    {
        var handler = new FakeRoute53Handler { Rule = _ => FakeRoute53Handler.Xml(HttpStatusCode.OK, FakeRoute53Handler.ChangeInfo("C1", "PENDING")) };
        using var client = Route53TestClient.Create(handler);
        var error = await Assert.ThrowsAsync<DrException>(() => Route53ChangeWaiter.WaitInSyncAsync(client,
            new Route53ChangeInfo("C1", "PENDING", DateTimeOffset.UtcNow, null), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6), default,
            (_, _) => Task.CompletedTask));
        Assert.Equal(ErrorIds.Route53Timeout, error.ErrorId);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData("Throttling")]
    [InlineData("PriorRequestNotComplete")]
    public async Task Throttling_and_PriorRequestNotComplete_are_retried_with_backoff_even_for_the_change(string code)
    {
        var handler = new FakeRoute53Handler()
            .Then(HttpStatusCode.BadRequest, FakeRoute53Handler.Error(code, "Rate exceeded"))
            .Then(HttpStatusCode.BadRequest, FakeRoute53Handler.Error(code, "Rate exceeded"))
            .Then(HttpStatusCode.OK, FakeRoute53Handler.ChangeInfo("/change/C9", "PENDING"));
        var delays = new List<TimeSpan>();
        using var client = Route53TestClient.Create(handler, delays);

        var info = await client.ChangeRecordSetsAsync("/hostedzone/Z1", Batch(), default);

        Assert.Equal("C9", info.Id);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, delays.Count);
        Assert.All(handler.Requests, r => Assert.Equal("/2013-04-01/hostedzone/Z1/rrset/", r.Request.RequestUri!.AbsolutePath));
    }

    [Fact]
    public async Task Throttling_that_never_ends_is_Route53Throttled_after_the_last_attempt()
    {
        var handler = new FakeRoute53Handler { Rule = _ => FakeRoute53Handler.Xml(HttpStatusCode.BadRequest, FakeRoute53Handler.Error("Throttling", "Rate exceeded")) };
        using var client = Route53TestClient.Create(handler, maxAttempts: 4);
        var error = await Assert.ThrowsAsync<DrException>(() => client.GetChangeAsync("C1", default));
        Assert.Equal(ErrorIds.Route53Throttled, error.ErrorId);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task A_5xx_is_retried_for_a_read_but_never_for_the_change()
    {
        var reads = new FakeRoute53Handler()
            .Then(HttpStatusCode.ServiceUnavailable, "<html>busy</html>")
            .Then(HttpStatusCode.OK, FakeRoute53Handler.Zone());
        using (var client = Route53TestClient.Create(reads))
        {
            Assert.Equal("example.com.", (await client.GetHostedZoneAsync("Z0123456789ABC", default)).Name);
        }

        var writes = new FakeRoute53Handler { Rule = _ => FakeRoute53Handler.Xml(HttpStatusCode.InternalServerError, FakeRoute53Handler.Error("InternalFailure", "oops", "Receiver")) };
        using var writer = Route53TestClient.Create(writes);
        var error = await Assert.ThrowsAsync<DrException>(() => writer.ChangeRecordSetsAsync("Z1", Batch(), default));
        Assert.Equal(ErrorIds.Route53RequestFailed, error.ErrorId);
        Assert.Single(writes.Requests);
    }

    [Fact]
    public async Task A_connection_failure_is_Route53Unreachable_after_retries()
    {
        var handler = new FakeRoute53Handler { Rule = _ => throw new HttpRequestException("Connection refused") };
        using var client = Route53TestClient.Create(handler, maxAttempts: 3);
        var error = await Assert.ThrowsAsync<DrException>(() => client.GetHostedZoneAsync("Z1", default));
        Assert.Equal(ErrorIds.Route53Unreachable, error.ErrorId);
        Assert.Equal(DrErrorCategory.ConnectionError, error.Category);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData(Route53Operations.GetHostedZone, 404, "NoSuchHostedZone", "Route53ZoneNotFound", DrErrorCategory.ObjectNotFound)]
    [InlineData(Route53Operations.GetChange, 404, "NoSuchChange", "Route53ChangeNotFound", DrErrorCategory.ObjectNotFound)]
    [InlineData(Route53Operations.Change, 400, "InvalidChangeBatch", "Route53ChangeRejected", DrErrorCategory.InvalidArgument)]
    [InlineData(Route53Operations.Change, 400, "InvalidInput", "Route53ChangeRejected", DrErrorCategory.InvalidArgument)]
    [InlineData(Route53Operations.List, 400, "InvalidInput", "Route53RequestInvalid", DrErrorCategory.InvalidArgument)]
    [InlineData(Route53Operations.Change, 404, "NoSuchHealthCheck", "Route53ChangeRejected", DrErrorCategory.InvalidArgument)]
    [InlineData(Route53Operations.List, 403, "AccessDenied", "Route53AccessDenied", DrErrorCategory.PermissionDenied)]
    [InlineData(Route53Operations.List, 403, "SignatureDoesNotMatch", "Route53AccessDenied", DrErrorCategory.AuthenticationError)]
    [InlineData(Route53Operations.List, 403, "InvalidClientTokenId", "Route53AccessDenied", DrErrorCategory.AuthenticationError)]
    [InlineData(Route53Operations.List, 400, "Throttling", "Route53Throttled", DrErrorCategory.ResourceBusy)]
    [InlineData(Route53Operations.Change, 400, "PriorRequestNotComplete", "Route53Throttled", DrErrorCategory.ResourceBusy)]
    [InlineData(Route53Operations.List, 500, "InternalFailure", "Route53RequestFailed", DrErrorCategory.ConnectionError)]
    public void Every_error_code_has_a_stable_id(string operation, int status, string code, string id, DrErrorCategory category)
    {
        var error = Route53Errors.Map(operation, (HttpStatusCode)status, code, "message", "Z1");
        Assert.Equal(id, error.ErrorId);
        Assert.Equal(category, error.Category);
        Assert.Contains(code, error.Message);
    }

    [Fact]
    public async Task NoSuchHostedZone_in_an_ErrorResponse_is_Route53ZoneNotFound_with_the_message()
    {
        var handler = new FakeRoute53Handler().Then(HttpStatusCode.NotFound, FakeRoute53Handler.Error("NoSuchHostedZone", "No hosted zone found with ID: ZNOPE"));
        using var client = Route53TestClient.Create(handler);
        var error = await Assert.ThrowsAsync<DrException>(() => client.GetHostedZoneAsync("/hostedzone/ZNOPE", default));
        Assert.Equal(ErrorIds.Route53ZoneNotFound, error.ErrorId);
        Assert.Contains("No hosted zone found with ID: ZNOPE", error.Message);
        Assert.Equal("/2013-04-01/hostedzone/ZNOPE", handler.Requests[0].Request.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task The_legacy_InvalidChangeBatch_shape_is_read_with_all_its_messages()
    {
        const string legacy = "<InvalidChangeBatch xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Messages><Message>Tried to create resource record set [name='a.example.com.', type='A'] but it already exists</Message><Message>second problem</Message></Messages><RequestId>r</RequestId></InvalidChangeBatch>";
        var handler = new FakeRoute53Handler().Then(HttpStatusCode.BadRequest, legacy);
        using var client = Route53TestClient.Create(handler);
        var error = await Assert.ThrowsAsync<DrException>(() => client.ChangeRecordSetsAsync("Z1", Batch(), default));
        Assert.Equal(ErrorIds.Route53ChangeRejected, error.ErrorId);
        Assert.Contains("but it already exists", error.Message);
        Assert.Contains("second problem", error.Message);
    }

    [Fact]
    public async Task Paging_feeds_NextRecordIdentifier_back_so_a_failover_pair_is_read_whole()
    {
        var handler = new FakeRoute53Handler()
            .Then(HttpStatusCode.OK, FakeRoute53Handler.Page([("db.example.com.", "A", "east", 60, ["10.0.0.1"])], ("db.example.com.", "A", "west")))
            .Then(HttpStatusCode.OK, FakeRoute53Handler.Page([("db.example.com.", "A", "west", 60, ["10.0.0.2"])]));
        using var client = Route53TestClient.Create(handler);

        var sets = await client.ListRecordSetsAsync("Z1", new Route53ListPosition("db.example.com.", "A", null), default).ToListAsync();

        Assert.Equal(["east", "west"], sets.Select(s => s.SetIdentifier));
        Assert.Equal(["SECONDARY"], sets.Skip(1).Select(s => s.Failover));
        Assert.Equal("?name=db.example.com.&type=A", handler.Requests[0].Request.RequestUri!.Query);
        Assert.Equal("?name=db.example.com.&type=A&identifier=west", handler.Requests[1].Request.RequestUri!.Query);
    }

    [Fact]
    public async Task A_server_that_repeats_the_same_position_without_identifier_fails_instead_of_looping()
    {
        // moto 5.2.1: a failover pair paged with maxitems=1 says "next: same name and type" forever.
        var handler = new FakeRoute53Handler
        {
            Rule = _ => FakeRoute53Handler.Xml(HttpStatusCode.OK,
                FakeRoute53Handler.Page([("db.example.com.", "A", "east", 60, ["10.0.0.1"])], ("db.example.com.", "A", null))),
        };
        using var client = Route53TestClient.Create(handler);
        var seen = new List<Route53RecordSet>();
        var error = await Assert.ThrowsAsync<DrException>(async () =>
        {
            await foreach (var set in client.ListRecordSetsAsync("Z1", null, default))
            {
                seen.Add(set);
            }
        });
        Assert.Equal(ErrorIds.Route53ResponseInvalid, error.ErrorId);
        Assert.Contains("never end", error.Message);
        Assert.Single(seen);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task The_change_batch_is_posted_in_the_model_element_order()
    {
        var handler = new FakeRoute53Handler().Then(HttpStatusCode.OK, FakeRoute53Handler.ChangeInfo("/change/C1", "PENDING"));
        using var client = Route53TestClient.Create(handler);
        var set = new Route53RecordSet
        {
            Name = "db.example.com.", Type = "A", SetIdentifier = "east", Weight = 10, Region = "us-east-1", Failover = "PRIMARY",
            MultiValueAnswer = false, Ttl = 60, Values = ["10.0.0.1", "10.0.0.2"], HealthCheckId = "abcdef11-2222-3333-4444-555555fedcba",
        };
        await client.ChangeRecordSetsAsync("Z1", new Route53ChangeBatch("failover", [new Route53Change("UPSERT", set)]), default);

        var (request, body) = handler.Requests.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/xml", request.Content!.Headers.ContentType!.ToString());
        var root = XDocument.Parse(body).Root!;
        Assert.Equal("ChangeResourceRecordSetsRequest", root.Name.LocalName);
        Assert.Equal(Route53Xml.Namespace, root.Name.NamespaceName);
        Assert.Equal(["Comment", "Changes"], root.Elements().Single().Elements().Select(e => e.Name.LocalName));
        var recordSet = root.Descendants().Single(e => e.Name.LocalName == "ResourceRecordSet");
        Assert.Equal(["Name", "Type", "SetIdentifier", "Weight", "Region", "Failover", "MultiValueAnswer", "TTL", "ResourceRecords", "HealthCheckId"],
            recordSet.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(["10.0.0.1", "10.0.0.2"], recordSet.Descendants().Where(e => e.Name.LocalName == "Value").Select(e => e.Value));
        Assert.Equal("Action", root.Descendants().Single(e => e.Name.LocalName == "Change").Elements().First().Name.LocalName);
    }

    [Fact]
    public async Task Ids_are_taken_with_or_without_their_prefix()
    {
        var handler = new FakeRoute53Handler
        {
            Rule = _ => FakeRoute53Handler.Xml(HttpStatusCode.OK, FakeRoute53Handler.ChangeInfo("C2682N5HXP0BZ4", "INSYNC")),
        };
        using var client = Route53TestClient.Create(handler);
        Assert.Equal("C2682N5HXP0BZ4", (await client.GetChangeAsync("/change/C2682N5HXP0BZ4", default)).Id);
        Assert.Equal("C2682N5HXP0BZ4", (await client.GetChangeAsync("C2682N5HXP0BZ4", default)).Id);
        Assert.All(handler.Requests, r => Assert.Equal("/2013-04-01/change/C2682N5HXP0BZ4", r.Request.RequestUri!.AbsolutePath));
    }

    [Fact]
    public async Task Every_request_is_signed_for_route53()
    {
        var handler = new FakeRoute53Handler().Then(HttpStatusCode.OK, FakeRoute53Handler.Zone());
        using var client = Route53TestClient.Create(handler);
        var zone = await client.GetHostedZoneAsync("Z0123456789ABC", default);
        Assert.Equal("Z0123456789ABC", zone.Id);
        var authorization = handler.Requests[0].Request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=", authorization);
    }

    private static Route53ChangeBatch Batch() => new(null, [new Route53Change("UPSERT", new Route53RecordSet
    {
        Name = "a.example.com.", Type = "A", Ttl = 5, Values = ["127.0.0.3"],
    })]);
}
