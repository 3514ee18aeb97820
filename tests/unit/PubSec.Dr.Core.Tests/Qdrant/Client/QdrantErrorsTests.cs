using System.Net;
using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Tests.Qdrant.Client;

public sealed class QdrantErrorsTests
{
    private const string Node = "http://qdrant-0:6333";

    [Theory]
    [InlineData("""{"status":{"error":"Not found: Collection `docs` doesn't exist!"},"time":0.000012}""", "Not found: Collection `docs` doesn't exist!")]
    [InlineData("""{"result":null,"status":{"error":"Wrong input: Snapshot is being created"}}""", "Wrong input: Snapshot is being created")]
    [InlineData("""{"status":{"error":""}}""", "")]
    public void ErrorText_OfAJsonEnvelope_IsTheErrorMessage(string body, string expected) =>
        Assert.Equal(expected, QdrantErrors.ErrorText(body));

    [Theory]
    [InlineData("Must provide an API key or an Authorization bearer token")]
    [InlineData("Invalid api-key")]
    [InlineData("")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("""{"status":"ok","result":true}""")]
    [InlineData("""{"status":{"ok":true}}""")]
    [InlineData("""{"status":{"error":null}}""")]
    [InlineData("{\"status\":{\"error\":\"cut")]
    public void ErrorText_OfAnythingElse_IsTheBodyItself(string body) =>
        Assert.Equal(body, QdrantErrors.ErrorText(body));

    [Fact]
    public void ErrorText_OfALongPlainBody_IsCutTo500Characters()
    {
        var body = new string('x', 499) + "END" + new string('y', 1000);
        Assert.Equal(body[..500], QdrantErrors.ErrorText(body));
    }

    [Theory]
    [InlineData("429")]
    [InlineData("null")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"status":{"error":42}}""")]
    [InlineData("""{"status":{"error":{"code":7,"message":"boom"}}}""")]
    public void ErrorText_OfValidJsonThatIsNotAStringErrorEnvelope_DoesNotThrow(string body) =>
        Assert.False(string.IsNullOrEmpty(QdrantErrors.ErrorText(body)));

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, ErrorIds.QdrantAuthenticationFailed, DrErrorCategory.AuthenticationError)]
    [InlineData(HttpStatusCode.Forbidden, ErrorIds.QdrantPermissionDenied, DrErrorCategory.PermissionDenied)]
    [InlineData(HttpStatusCode.NotFound, ErrorIds.QdrantSnapshotNotFound, DrErrorCategory.ObjectNotFound)]
    [InlineData(HttpStatusCode.InternalServerError, ErrorIds.QdrantRequestFailed, DrErrorCategory.InvalidResult)]
    [InlineData(HttpStatusCode.BadRequest, ErrorIds.QdrantRequestFailed, DrErrorCategory.InvalidResult)]
    [InlineData(HttpStatusCode.Conflict, ErrorIds.QdrantRequestFailed, DrErrorCategory.InvalidResult)]
    public void FromStatus_MapsStatusCodesToStableErrorIds(HttpStatusCode status, string errorId, DrErrorCategory category)
    {
        var error = QdrantErrors.FromStatus(Node, status, "server text", collection: null);

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(category, error.Category);
        Assert.Equal(Node, error.Target);
        Assert.Contains("server text", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
    }

    [Fact]
    public void FromStatus_404AboutTheCollection_IsCollectionNotFoundTargetingTheCollection()
    {
        var error = QdrantErrors.FromStatus(Node, HttpStatusCode.NotFound, "Not found: Collection `docs` doesn't exist!", "docs");

        Assert.Equal(ErrorIds.QdrantCollectionNotFound, error.ErrorId);
        Assert.Equal(DrErrorCategory.ObjectNotFound, error.Category);
        Assert.Equal("docs", error.Target);
    }

    [Fact]
    public void FromStatus_404AboutASnapshot_IsSnapshotNotFoundEvenWithACollection()
    {
        var error = QdrantErrors.FromStatus(Node, HttpStatusCode.NotFound, "Not found: Snapshot docs-1.snapshot not found", "docs");

        Assert.Equal(ErrorIds.QdrantSnapshotNotFound, error.ErrorId);
    }

    [Fact]
    public void Unreachable_KeepsTheInnerException()
    {
        var inner = new HttpRequestException("Connection refused");
        var error = QdrantErrors.Unreachable(Node, inner);

        Assert.Equal(ErrorIds.QdrantUnreachable, error.ErrorId);
        Assert.Equal(DrErrorCategory.ConnectionError, error.Category);
        Assert.Same(inner, error.InnerException);
    }

    [Fact]
    public void Timeout_IsAnOperationTimeout()
    {
        var error = QdrantErrors.Timeout(Node, "/collections/docs/snapshots", TimeSpan.FromSeconds(30), new TaskCanceledException());

        Assert.Equal(DrErrorCategory.OperationTimeout, error.Category);
        Assert.Contains("30 s", error.Message, StringComparison.Ordinal);
    }
}
