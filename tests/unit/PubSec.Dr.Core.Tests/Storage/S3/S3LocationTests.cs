using PubSec.Dr.Backends;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.S3;

namespace PubSec.Dr.Tests.Storage.S3;

public sealed class S3LocationTests
{
    [Theory]
    [InlineData("s3://my-bucket", "my-bucket", "", "s3://my-bucket/")]
    [InlineData("s3://my-bucket/", "my-bucket", "", "s3://my-bucket/")]
    [InlineData("s3://my.bucket.1/dr/prod", "my.bucket.1", "dr/prod", "s3://my.bucket.1/dr/prod/")]
    [InlineData("S3://abc/dr/prod/", "abc", "dr/prod", "s3://abc/dr/prod/")]
    public void Parse_SplitsBucketAndPrefix(string text, string bucket, string prefix, string display)
    {
        var location = S3Location.Parse(text);
        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
        Assert.Equal(display, location.Display);
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3://ab")]
    [InlineData("s3://My-Bucket")]
    [InlineData("s3://-bucket")]
    [InlineData("s3://bucket-")]
    [InlineData("s3://my..bucket")]
    [InlineData("s3://my_bucket")]
    [InlineData("s3://192.168.1.10")]
    [InlineData("s3://xn--bucket")]
    [InlineData("s3://bucket-s3alias")]
    [InlineData("s3://bucket/../etc")]
    [InlineData("s3://bucket/a//b")]
    [InlineData("s3://bucket/a/./b")]
    [InlineData("s3://bucket/a\\b")]
    public void Parse_RejectsInvalidBucketsAndPrefixes(string text)
    {
        var error = Assert.Throws<DrException>(() => S3Location.Parse(text));
        Assert.Equal(ErrorIds.StoreLocationInvalid, error.ErrorId);
    }

    [Fact]
    public void Parse_CredentialsInTheLocation_AreRefusedWithoutBeingEchoed()
    {
        var error = Assert.Throws<DrException>(() => S3Location.Parse("s3://AKIDEXAMPLE:wJalrXUtnFEMI@bucket/dr"));
        Assert.Equal(ErrorIds.StoreLocationInvalid, error.ErrorId);
        Assert.DoesNotContain("wJalrXUtnFEMI", error.Message + error.Target);
    }

    [Fact]
    public void ObjectKey_JoinsThePrefixAndValidatesTheKey()
    {
        var location = S3Location.Parse("s3://bucket/dr");
        Assert.Equal("dr/qdrant/a.snapshot", location.ObjectKey("qdrant/a.snapshot"));
        Assert.Equal("qdrant/a.snapshot", location.RelativeKey("dr/qdrant/a.snapshot"));
        Assert.Null(location.RelativeKey("dr2/qdrant/a.snapshot"));
        Assert.Equal(ErrorIds.StoreKeyInvalid, Assert.Throws<DrException>(() => location.ObjectKey("../x")).ErrorId);
    }

    [Fact]
    public void Factory_OpensAnS3StoreWhoseLocationRoundTrips()
    {
        var options = new BackupStoreOptions { Region = "eu-west-1", AccessKeyId = "AKIDEXAMPLE", SecretAccessKey = "secret-value-1" };
        using var store = Assert.IsType<S3BackupStore>(BackupStoreFactory.Open("s3://pubsec-dr/prod", options));
        Assert.Equal("s3://pubsec-dr/prod/", store.Location);
        using var again = Assert.IsType<S3BackupStore>(BackupStoreFactory.Open(store.Location, options));
        Assert.Equal(store.Location, again.Location);
    }

    [Fact]
    public void HalfAKeyPair_IsStoreCredentialsMissing()
    {
        var error = Assert.Throws<DrException>(() =>
            new S3BackupStore("s3://pubsec-dr", new BackupStoreOptions { Region = "eu-west-1", AccessKeyId = "AKIDEXAMPLE" }));
        Assert.Equal(ErrorIds.StoreCredentialsMissing, error.ErrorId);
    }

    [Fact]
    public void AnEndpointWithUserInformation_IsRefusedWithoutBeingEchoed()
    {
        var options = new BackupStoreOptions { Region = "eu-west-1", Endpoint = new Uri("https://user:hunter2@s3.example.com") };
        var error = Assert.Throws<DrException>(() => new S3BackupStore("s3://pubsec-dr", options));
        Assert.Equal(ErrorIds.StoreEndpointInvalid, error.ErrorId);
        Assert.DoesNotContain("hunter2", error.Message);
    }
}
