using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Signing;

/// <summary>
/// A store opened with trusted signers (New-DrBackupStore -TrustedSigner): it reads and writes exactly as the
/// store it wraps, and every check, listing and restore that reaches a backup through it requires the backup's
/// manifest to be signed by one of these certificates. Backups listed from it carry it as their Store, so the
/// requirement follows them down the pipeline.
/// </summary>
public sealed class TrustingBackupStore : IBackupStore, IDisposable
{
    private readonly IBackupStore _inner;

    public TrustingBackupStore(IBackupStore inner, IEnumerable<X509Certificate2> trustedSigners)
    {
        _inner = inner is TrustingBackupStore trusting ? trusting._inner : inner;
        TrustedSigners = trustedSigners.ToArray();
    }

    public IReadOnlyList<X509Certificate2> TrustedSigners { get; }

    public string Location => _inner.Location;

    public int ConcurrentUploads => _inner.ConcurrentUploads;

    public Task<IStoreUpload> BeginUploadAsync(string key, CancellationToken cancellationToken) => _inner.BeginUploadAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => _inner.OpenReadAsync(key, cancellationToken);

    public Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken) => _inner.GetInfoAsync(key, cancellationToken);

    public IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => _inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => _inner.DeleteAsync(key, cancellationToken);

    public Task<int> RemoveIncompleteUploadsAsync(string prefix, DateTime startedBefore, CancellationToken cancellationToken) =>
        _inner.RemoveIncompleteUploadsAsync(prefix, startedBefore, cancellationToken);

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _inner.TryCreateAsync(key, content, cancellationToken);

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    public override string ToString() => Location;
}
