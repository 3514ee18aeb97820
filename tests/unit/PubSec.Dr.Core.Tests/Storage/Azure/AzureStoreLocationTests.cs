using Azure.Storage.Sas;
using PubSec.Dr.Backends;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Azure;
using PubSec.Dr.Tests.TestSupport;
using static PubSec.Dr.Tests.Storage.Azure.AzureBlobBackupStoreTests;

namespace PubSec.Dr.Tests.Storage.Azure;

public sealed class AzureStoreLocationTests : IClassFixture<AzuriteServer>
{
    private readonly AzuriteServer _azurite;

    public AzureStoreLocationTests(AzuriteServer azurite) => _azurite = azurite;

    [Fact]
    public async Task AzUri_AndContainerUrl_AndSasUrl_AddressTheSameObjects()
    {
        var container = await _azurite.CreateContainerAsync(NewContainerName());
        var options = new BackupStoreOptions { ConnectionString = _azurite.ConnectionString };
        var az = BackupStoreFactory.Open($"az://{container.Name}/dr/prod", options);
        var url = BackupStoreFactory.Open($"{_azurite.Endpoint}/{container.Name}/dr/prod", options);
        var sas = container.GenerateSasUri(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1));
        var sasUrl = BackupStoreFactory.Open($"{_azurite.Endpoint}/{container.Name}/dr/prod{sas.Query}");
        Assert.All(new[] { az, url, sasUrl }, store => Assert.IsType<AzureBlobBackupStore>(store));

        await UploadAsync(az, "a/one", [1]);
        await UploadAsync(url, "a/two", [2, 2]);
        await UploadAsync(sasUrl, "a/three", [3, 3, 3]);

        foreach (var store in new[] { az, url, sasUrl })
        {
            var keys = (await ListAsync(store, "a/")).Select(o => o.Key).Order(StringComparer.Ordinal);
            Assert.Equal(["a/one", "a/three", "a/two"], keys);
        }

        Assert.True(await container.GetBlobClient("dr/prod/a/three").ExistsAsync());
        Assert.Equal($"az://{container.Name}/dr/prod/", az.Location);
        Assert.Equal($"{_azurite.Endpoint}/{container.Name}/dr/prod/", url.Location);
        Assert.Equal(url.Location, sasUrl.Location);
    }

    [Fact]
    public async Task SasUrl_NeverShowsTheSignature_InLocationToStringOrErrors()
    {
        var container = await _azurite.CreateContainerAsync(NewContainerName());
        var readOnly = container.GenerateSasUri(BlobContainerSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));
        var store = BackupStoreFactory.Open($"{_azurite.Endpoint}/{container.Name}{readOnly.Query}");

        var error = await Assert.ThrowsAsync<DrException>(() => UploadAsync(store, "x", [1]));

        Assert.Equal(ErrorIds.StoreAccessDenied, error.ErrorId);
        Assert.Equal(DrErrorCategory.PermissionDenied, error.Category);
        var signature = System.Web.HttpUtility.ParseQueryString(readOnly.Query)["sig"]!;
        foreach (var text in Texts(store, error))
        {
            Assert.DoesNotContain("sig=", text, StringComparison.Ordinal);
            Assert.DoesNotContain(signature, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WrongAccountKey_IsAccessDenied_AndNoErrorTextShowsAKey()
    {
        var container = await _azurite.CreateContainerAsync(NewContainerName());
        var wrongKey = Convert.ToBase64String(TestData.Bytes(64, seed: 9));
        var options = new BackupStoreOptions { ConnectionString = _azurite.ConnectionString.Replace(AzuriteServer.AccountKey, wrongKey) };
        var store = BackupStoreFactory.Open($"az://{container.Name}", options);

        var error = await Assert.ThrowsAsync<DrException>(() => ListAsync(store, ""));

        Assert.Equal(ErrorIds.StoreAccessDenied, error.ErrorId);
        foreach (var text in Texts(store, error))
        {
            Assert.DoesNotContain(wrongKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task MissingContainer_IsStoreNotFound_ForListWriteAndRead()
    {
        var options = new BackupStoreOptions { ConnectionString = _azurite.ConnectionString };
        var store = BackupStoreFactory.Open($"az://{NewContainerName()}/backups", options);

        var list = await Assert.ThrowsAsync<DrException>(() => ListAsync(store, ""));
        var write = await Assert.ThrowsAsync<DrException>(() => UploadAsync(store, "k", [1, 2]));
        var read = await Assert.ThrowsAsync<DrException>(() => store.OpenReadAsync("k", CancellationToken.None));

        Assert.All(new[] { list, write, read }, error =>
        {
            Assert.Equal(ErrorIds.StoreNotFound, error.ErrorId);
            Assert.Equal(DrErrorCategory.ObjectNotFound, error.Category);
        });
    }

    [Fact]
    public async Task UnreachableEndpoint_IsStoreUnreachable_WithoutTheKey()
    {
        var port = AzuriteServer.FreePort();
        var options = new BackupStoreOptions
        {
            ConnectionString = _azurite.ConnectionString.Replace($":{_azurite.Port}/", $":{port}/"),
        };
        var store = BackupStoreFactory.Open($"az://{NewContainerName()}", options);

        var error = await Assert.ThrowsAsync<DrException>(() => store.GetInfoAsync("k", CancellationToken.None));

        Assert.Equal(ErrorIds.StoreUnreachable, error.ErrorId);
        Assert.Equal(DrErrorCategory.ConnectionError, error.Category);
        Assert.All(Texts(store, error), text => Assert.DoesNotContain(AzuriteServer.AccountKey, text, StringComparison.Ordinal));
    }

    [Fact]
    public void AzUri_WithoutAnyConnectionString_IsCredentialsMissing()
    {
        // Precondition: the test host must not carry the variable, or this would test nothing.
        Assert.Null(Environment.GetEnvironmentVariable(AzureBlobLocation.ConnectionStringVariable));

        var error = Assert.Throws<DrException>(() => BackupStoreFactory.Open("az://backups/prod"));

        Assert.Equal(ErrorIds.StoreCredentialsMissing, error.ErrorId);
        Assert.Contains(AzureBlobLocation.ConnectionStringVariable, error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedConnectionString_IsCredentialsMissing_WithoutQuotingIt()
    {
        var options = new BackupStoreOptions { ConnectionString = "AccountName=x;AccountKey=not-base64-secret;Nonsense" };

        var error = Assert.Throws<DrException>(() => BackupStoreFactory.Open("az://backups", options));

        Assert.Equal(ErrorIds.StoreCredentialsMissing, error.ErrorId);
        Assert.DoesNotContain("not-base64-secret", error.Message + error.RecommendedAction + error.InnerException, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("az://ab")]
    [InlineData("az://Backups")]
    [InlineData("az://back--ups")]
    [InlineData("az://-backups")]
    [InlineData("az://back_ups/x")]
    [InlineData("az://backups/../x")]
    [InlineData("az://backups/a//b")]
    [InlineData("az://backups?sv=1")]
    [InlineData("https://acct.blob.core.windows.net")]
    [InlineData("https://acct.blob.core.windows.net/UPPER")]
    [InlineData("https://acct.blob.core.windows.net/backups/a/../b")]
    public void InvalidLocation_IsStoreLocationInvalid(string location)
    {
        var options = new BackupStoreOptions { ConnectionString = _azurite.ConnectionString };

        var error = Assert.Throws<DrException>(() => BackupStoreFactory.Open(location, options));

        Assert.Equal(ErrorIds.StoreLocationInvalid, error.ErrorId);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/backups/dr", "https://acct.blob.core.windows.net/backups/dr/")]
    [InlineData("https://acct.blob.core.windows.net/backups?sv=2024-11-04&sig=c2VjcmV0", "https://acct.blob.core.windows.net/backups/")]
    [InlineData("https://acct.blob.core.usgovcloudapi.net/backups", "https://acct.blob.core.usgovcloudapi.net/backups/")]
    public void BlobUrl_OpensAnAzureStore_WithALocationWithoutSecrets(string location, string shown)
    {
        // No connection string and no SAS: DefaultAzureCredential, which signs in lazily on the first request.
        var store = Assert.IsType<AzureBlobBackupStore>(BackupStoreFactory.Open(location));

        Assert.Equal(shown, store.Location);
        Assert.Equal(shown, store.ToString());
    }

    [Fact]
    public void HttpUrlOfAnotherServer_IsStillUnsupported()
    {
        var options = new BackupStoreOptions { ConnectionString = _azurite.ConnectionString };

        var error = Assert.Throws<DrException>(() => BackupStoreFactory.Open("http://storage.example/backups", options));

        Assert.Equal(ErrorIds.StoreLocationInvalid, error.ErrorId);
    }

    private static IEnumerable<string> Texts(IBackupStore store, DrException error)
    {
        yield return store.Location;
        yield return store.ToString()!;
        yield return error.Message;
        yield return error.RecommendedAction;
        yield return error.Target?.ToString() ?? string.Empty;
        yield return error.ToString();
    }
}
