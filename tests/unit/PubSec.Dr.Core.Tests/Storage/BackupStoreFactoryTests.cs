using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backends;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.Backups.Encryption;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage;

public sealed class BackupStoreFactoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Open_AbsolutePath_IsAFolderStoreAtThatPath()
    {
        var path = Path.Combine(_temp.Path, "backups");
        var store = Assert.IsType<FolderBackupStore>(BackupStoreFactory.Open(path));
        Assert.Equal(path, store.RootPath);
    }

    [Fact]
    public void Open_WithTrustedSigners_AnswersOnlyForSignedBackups()
    {
        using var signer = TestCertificates.Rsa("pubsecdr-factory-signer", X509KeyUsageFlags.DigitalSignature);
        var path = Path.Combine(_temp.Path, "backups");

        var trusting = BackupStoreFactory.Open(path, new BackupStoreOptions { TrustedSigners = [signer] });
        var plain = BackupStoreFactory.Open(path, new BackupStoreOptions { TrustedSigners = [] });

        Assert.IsType<TrustingBackupStore>(trusting);
        Assert.IsType<FolderBackupStore>(plain);
    }

    [Fact]
    public void Open_RelativePath_IsResolvedAgainstTheBasePath()
    {
        var store = Assert.IsType<FolderBackupStore>(BackupStoreFactory.Open(Path.Combine("dr", "backups"), basePath: _temp.Path));
        Assert.Equal(Path.Combine(_temp.Path, "dr", "backups"), store.RootPath);
    }

    [Fact]
    public void Open_FileUri_IsAFolderStoreAtItsLocalPath()
    {
        var path = Path.Combine(_temp.Path, "backups");
        var store = Assert.IsType<FolderBackupStore>(BackupStoreFactory.Open(new Uri(path).AbsoluteUri));
        Assert.Equal(path, store.RootPath);
    }

    [Fact]
    public void Open_FileUriWithEscapes_IsUnescaped()
    {
        var path = Path.Combine(_temp.Path, "dr backups");
        var store = Assert.IsType<FolderBackupStore>(BackupStoreFactory.Open(new Uri(path).AbsoluteUri));
        Assert.Equal(path, store.RootPath);
    }

    [Theory]
    [InlineData("dr#1")]
    [InlineData("dr%20backups")]
    [InlineData("dr?x")]
    [InlineData("dr backups")]
    public void Open_PathWithUriSpecialCharacters_IsTakenLiterally(string folder)
    {
        var path = Path.Combine(_temp.Path, folder);
        var store = Assert.IsType<FolderBackupStore>(BackupStoreFactory.Open(path));
        Assert.Equal(path, store.RootPath);
    }

    [Fact]
    public void Open_StoreLocationRoundTripsThroughOpen()
    {
        var first = BackupStoreFactory.Open(Path.Combine(_temp.Path, "backups"));
        var second = Assert.IsType<FolderBackupStore>(BackupStoreFactory.Open(first.Location));
        Assert.Equal(first.Location, second.Location);
    }

    [Theory]
    [InlineData("https://storage.example/backups")]
    [InlineData("http://storage.example/backups")]
    [InlineData("ftp://host/backups")]
    public void Open_UnsupportedScheme_ThrowsStoreLocationInvalid(string location)
    {
        var error = Assert.Throws<DrException>(() => BackupStoreFactory.Open(location));
        Assert.Equal(ErrorIds.StoreLocationInvalid, error.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidArgument, error.Category);
        Assert.Equal(location, error.Target);
        Assert.Contains(new Uri(location).Scheme, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Open_EmptyLocation_ThrowsStoreLocationInvalid(string location)
    {
        var error = Assert.Throws<DrException>(() => BackupStoreFactory.Open(location));
        Assert.Equal(ErrorIds.StoreLocationInvalid, error.ErrorId);
    }

    [Theory]
    [InlineData("s3://bad bucket/x")]
    [InlineData("az://bad container/x")]
    [InlineData("az://a{b}/x")]
    [InlineData("gs://bad bucket/x")]
    public void Open_AUrlThatIsNotValid_IsStoreLocationInvalid_NeverAFolder(string location)
    {
        var error = Assert.Throws<DrException>(() => BackupStoreFactory.Open(location, basePath: _temp.Path));
        Assert.Equal(ErrorIds.StoreLocationInvalid, error.ErrorId);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
    }
}
