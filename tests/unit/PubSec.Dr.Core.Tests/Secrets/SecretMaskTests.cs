using PubSec.Dr.Backends;
using PubSec.Dr.Errors;
using PubSec.Dr.Redis;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Secrets;

/// <summary>What <see cref="SecretMask"/> hides, what it leaves alone, and that errors built from typed input never quote a secret.</summary>
public sealed class SecretMaskTests
{
    // A real-shaped account key (Azurite's well-known one): base64 with '/' and '=' that a mask must cover whole.
    private const string AccountKey = AzuriteServer.AccountKey;
    private const string ConnectionString = $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={AccountKey};EndpointSuffix=core.windows.net";

    [Theory]
    [InlineData("http://admin:s3cr3t@127.0.0.1:6333/x", "http://admin:***@127.0.0.1:6333/x")]
    [InlineData("https://acct:a%2Fb%3D@acct.blob.core.windows.net/c", "https://acct:***@acct.blob.core.windows.net/c")]
    [InlineData("The Redis endpoint 'default:p@ss:w0rd@127.0.0.1:6379' cannot be used", "The Redis endpoint 'default:***@127.0.0.1:6379' cannot be used")]
    [InlineData("az://:only-password@container/prefix", "az://:***@container/prefix")]
    [InlineData("127.0.0.1:6379,password=s3cr3t,ssl=true", "127.0.0.1:6379,password=***,ssl=true")]
    [InlineData("https://a.blob.core.windows.net/c?sv=2022-11-02&sig=abc%2Fdef%3D&sp=r", "https://a.blob.core.windows.net/c?sv=2022-11-02&sig=***&sp=r")]
    [InlineData("Authorization: Bearer eyJhbGciOi.eyJzdWIi.c2ln", "Authorization: Bearer ***")]
    [InlineData("x-api-key api_key=abc123 token=t0k", "x-api-key api_key=*** token=***")]
    public void Masks_the_secret_and_keeps_the_shape(string text, string masked) => Assert.Equal(masked, SecretMask.Apply(text));

    [Fact]
    public void Masks_the_account_key_of_a_connection_string()
    {
        var masked = SecretMask.Apply($"The backup store '{ConnectionString}' cannot be used.");
        Assert.DoesNotContain(AccountKey, masked);
        Assert.Contains("AccountName=acct;AccountKey=***;EndpointSuffix=core.windows.net", masked);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6333/collections/docs")]
    [InlineData("s3://bucket/prefix/redis/x/20260101T000000Z-abc/dump.rdb")]
    [InlineData("[::1]:6379")]
    [InlineData("redis://default@127.0.0.1:6379")]
    [InlineData("Status(StatusCode=\"Unavailable\", Detail=\"Error connecting to subchannel.\")")]
    [InlineData("At 10:30 the RDB (version 11, 1,234 bytes) matched; continuationToken=abc is not a secret name")]
    [InlineData("az://container/prefix")]
    public void Leaves_text_without_secrets_alone(string text) => Assert.Equal(text, SecretMask.Apply(text));

    [Fact]
    public void A_DrException_masks_its_message_action_and_target()
    {
        var uri = new Uri("http://admin:s3cr3t@127.0.0.1:6333/");
        var ex = new DrException(ErrorIds.StoreLocationInvalid, DrErrorCategory.InvalidArgument,
            $"'{ConnectionString}' and {uri}", "Try 127.0.0.1:1,password=s3cr3t.", ConnectionString);
        var all = $"{ex.Message} {ex.RecommendedAction} {ex.Target}";
        Assert.DoesNotContain(AccountKey, all);
        Assert.DoesNotContain("s3cr3t", all);
        var uriTarget = new DrException(ErrorIds.QdrantUnreachable, DrErrorCategory.ConnectionError, "m", "a", uri).Target;
        Assert.Equal("http://admin:***@127.0.0.1:6333/", Assert.IsType<Uri>(uriTarget).AbsoluteUri);
    }

    [Theory]
    [InlineData(ConnectionString)]
    [InlineData($"AccountName=acct;AccountKey={AccountKey}")]
    [InlineData("UseDevelopmentStorage=true")]
    public void A_connection_string_given_as_a_store_location_is_refused_without_quoting_the_key(string location)
    {
        var ex = Assert.Throws<DrException>(() => BackupStoreFactory.Open(location));
        Assert.Equal(ErrorIds.StoreLocationInvalid, ex.ErrorId);
        Assert.Contains("connection string", ex.Message);
        Assert.DoesNotContain(AccountKey, $"{ex.Message} {ex.Target}");
    }

    [Theory]
    [InlineData("ftp://admin:s3cr3t@host/x")]
    [InlineData("http://admin:s3cr3t@127.0.0.1:1/backups")]
    [InlineData("az://admin:s3cr3t@container/x")]
    [InlineData("https://acct:s3cr3t@acct.blob.core.windows.net/c")]
    [InlineData("s3://key:s3cr3t@bucket/x")]
    public void A_store_location_with_a_password_fails_without_quoting_it(string location)
    {
        var ex = Assert.Throws<DrException>(() => BackupStoreFactory.Open(location));
        Assert.DoesNotContain("s3cr3t", $"{ex.Message} {ex.RecommendedAction} {ex.Target}");
    }

    [Theory]
    [InlineData("127.0.0.1:6379,password=s3cr3t", "options after ','")]
    [InlineData("default:s3cr3t@127.0.0.1:6379", "user info")]
    [InlineData("redis://default:s3cr3t@127.0.0.1:6379", "password")]
    public void A_redis_endpoint_with_a_password_is_refused_without_quoting_it(string endpoint, string why)
    {
        var ex = Assert.Throws<DrException>(() => new RedisEndpoint(endpoint));
        Assert.Equal(ErrorIds.RedisEndpointInvalid, ex.ErrorId);
        Assert.Contains(why, ex.Message);
        Assert.DoesNotContain("s3cr3t", $"{ex.Message} {ex.Target}");
    }
}
