using Azure;
using Azure.Identity;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage.Azure;

namespace PubSec.Dr.Tests.Storage.Azure;

public sealed class AzureStoreErrorsTests
{
    private const string Location = "https://acct.blob.core.windows.net/backups/";

    [Theory]
    [InlineData(404, "ContainerNotFound", ErrorIds.StoreNotFound)]
    [InlineData(404, "BlobNotFound", ErrorIds.StoreObjectNotFound)]
    [InlineData(403, "AuthorizationFailure", ErrorIds.StoreAccessDenied)]
    [InlineData(403, "AuthenticationFailed", ErrorIds.StoreAccessDenied)]
    [InlineData(401, "InvalidAuthenticationInfo", ErrorIds.StoreAccessDenied)]
    [InlineData(0, null, ErrorIds.StoreUnreachable)]
    [InlineData(500, "InternalError", ErrorIds.StoreRequestFailed)]
    [InlineData(409, "LeaseIdMissing", ErrorIds.StoreRequestFailed)]
    public void RequestFailure_MapsToItsStableId(int status, string? code, string expected)
    {
        var error = AzureStoreErrors.Map(new RequestFailedException(status, "sig=c2VjcmV0 AccountKey=c2VjcmV0", code, null), Location, "k");

        Assert.Equal(expected, error.ErrorId);
        Assert.Equal("k", error.Target);
        Assert.DoesNotContain("c2VjcmV0", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExhaustedRetries_AreMappedByTheirLastFailure()
    {
        var refused = new RequestFailedException("Connection refused", new HttpRequestException("Connection refused"));
        var error = AzureStoreErrors.Map(new AggregateException(refused, refused), Location);

        Assert.True(AzureStoreErrors.IsStoreFailure(new AggregateException(refused), CancellationToken.None));
        Assert.Equal(ErrorIds.StoreUnreachable, error.ErrorId);
    }

    [Fact]
    public void UnavailableCredential_IsCredentialsMissing_AndSaysHowToGiveOne()
    {
        var error = AzureStoreErrors.Map(new CredentialUnavailableException("DefaultAzureCredential failed"), Location);

        Assert.Equal(ErrorIds.StoreCredentialsMissing, error.ErrorId);
        Assert.Equal(DrErrorCategory.AuthenticationError, error.Category);
        Assert.Contains("managed identity", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedAuthentication_IsCredentialsMissing()
    {
        var error = AzureStoreErrors.Map(new AuthenticationFailedException("token request failed"), Location);
        Assert.Equal(ErrorIds.StoreCredentialsMissing, error.ErrorId);
    }

    [Fact]
    public void CallerCancellation_IsNotAStoreFailure_ButATimeoutIs()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(AzureStoreErrors.IsStoreFailure(new OperationCanceledException(), cancelled.Token));
        Assert.True(AzureStoreErrors.IsStoreFailure(new TaskCanceledException(), CancellationToken.None));
        Assert.Equal(ErrorIds.StoreTimeout, AzureStoreErrors.Map(new TaskCanceledException(), Location).ErrorId);
    }
}
