using PubSec.Dr.Errors;
using PubSec.Dr.Storage.S3;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage.S3;

/// <summary>Rejected credentials, against a moto that checks access keys.</summary>
public sealed class S3StoreAccessTests : IClassFixture<CredentialCheckingMotoServer>
{
    private readonly CredentialCheckingMotoServer _moto;

    public S3StoreAccessTests(CredentialCheckingMotoServer moto) => _moto = moto;

    [Fact]
    public async Task UnknownAccessKey_IsStoreAccessDenied_WithoutTheSecretInTheMessage()
    {
        using var store = new S3BackupStore($"s3://{MotoServer.Bucket}/dr", _moto.Options());

        var list = await Assert.ThrowsAsync<DrException>(async () =>
        {
            await foreach (var _ in store.ListAsync("", CancellationToken.None))
            {
            }
        });
        await using var upload = await store.BeginUploadAsync("a.bin", CancellationToken.None);
        await upload.Content.WriteAsync(new byte[100]);
        var write = await Assert.ThrowsAsync<DrException>(() => upload.CompleteAsync(CancellationToken.None));

        foreach (var error in new[] { list, write })
        {
            Assert.Equal(ErrorIds.StoreAccessDenied, error.ErrorId);
            Assert.Equal(DrErrorCategory.AuthenticationError, error.Category);
            Assert.DoesNotContain(MotoServer.SecretAccessKey, error.Message + error.RecommendedAction + error.Target);
        }
    }
}
