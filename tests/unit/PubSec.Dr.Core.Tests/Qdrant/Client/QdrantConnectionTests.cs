using PubSec.Dr.Errors;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Qdrant.Client;

/// <summary>Node and gRPC URIs that cannot work fail with QdrantUriInvalid before any client exists.</summary>
public sealed class QdrantConnectionTests
{
    [Theory]
    [InlineData("127.0.0.1:6333", "http://127.0.0.1:6333")]
    [InlineData("qdrant-0", "http://qdrant-0")]
    [InlineData("ftp://qdrant-0:6333", null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    public void ANodeUriWithoutAnHttpScheme_IsQdrantUriInvalid(string text, string? suggestion)
    {
        var uri = new Uri(text, UriKind.RelativeOrAbsolute);

        var error = Assert.Throws<DrException>(() => new QdrantConnection([uri], null, null));

        Assert.Equal(ErrorIds.QdrantUriInvalid, error.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidArgument, error.Category);
        Assert.Contains("-QdrantUri", error.Message, StringComparison.Ordinal);
        if (suggestion is not null)
        {
            Assert.Contains(suggestion, error.RecommendedAction, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AGrpcUriWithoutAScheme_NamesItsOwnParameter()
    {
        var error = Assert.Throws<DrException>(() => new QdrantConnection([new Uri("http://qdrant-0:6333")], new Uri("qdrant-0:6334", UriKind.RelativeOrAbsolute), null,
            grpcParameter: "-ScratchGrpcUri"));
        Assert.Equal(ErrorIds.QdrantUriInvalid, error.ErrorId);
        Assert.Contains("-ScratchGrpcUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AUriThatIsNotUsable_NeverEchoesItsPassword()
    {
        var error = Assert.Throws<DrException>(() => new QdrantConnection([new Uri("ftp://admin:hunter2@qdrant-0:6333")], null, null));
        Assert.DoesNotContain("hunter2", error.Message + error.RecommendedAction + error.Target, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAGrpcUri_Port6334IsAssumed_AndSaidSo()
    {
        var connection = new QdrantConnection([new Uri("http://qdrant-0:16333")], null, null);
        Assert.True(connection.GrpcUriDerived);
        Assert.Equal(6334, connection.GrpcUri.Port);
    }

    [Fact]
    public async Task AnUnreachableDerivedGrpcEndpoint_IsQdrantGrpcUnreachable_NamingTheAssumptionAndTheParameter_WithoutDebugException()
    {
        var port = MotoServer.FreePort();
        var connection = new QdrantConnection([new Uri($"http://127.0.0.1:{port}")], null, null);
        using var grpc = new QdrantGrpcGateway(new Uri($"http://127.0.0.1:{port}"), null, connection.Deadlines, derived: true, connection.GrpcParameter);

        var error = await Assert.ThrowsAsync<DrException>(() => grpc.ListCollectionsAsync(CancellationToken.None));

        Assert.Equal(ErrorIds.QdrantGrpcUnreachable, error.ErrorId);
        Assert.Contains("6334", error.Message, StringComparison.Ordinal);
        Assert.Contains("-GrpcUri", error.Message + error.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain("DebugException", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("StatusCode=", error.Message, StringComparison.Ordinal);
    }
}
