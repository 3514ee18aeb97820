using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Tests.Backups.Retention;

/// <summary>A store wrapper that records deletes and reads in order and can be told to fail deletes of chosen keys.</summary>
internal sealed class RecordingStore : IBackupStore
{
    private readonly IBackupStore _inner;

    public RecordingStore(IBackupStore inner) => _inner = inner;

    public List<string> Deletes { get; } = new();

    public List<string> InfoRequests { get; } = new();

    public Func<string, bool> FailDelete { get; set; } = _ => false;

    public string Location => _inner.Location;

    public Task<IStoreUpload> BeginUploadAsync(string key, CancellationToken cancellationToken) => _inner.BeginUploadAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => _inner.OpenReadAsync(key, cancellationToken);

    public Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        lock (InfoRequests)
        {
            InfoRequests.Add(key);
        }

        return _inner.GetInfoAsync(key, cancellationToken);
    }

    public IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => _inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        if (FailDelete(key))
        {
            throw new DrException(ErrorIds.StoreAccessDenied, DrErrorCategory.PermissionDenied, $"Access denied deleting {key}.", "Test failure.", key);
        }

        Deletes.Add(key);
        return _inner.DeleteAsync(key, cancellationToken);
    }

    public Task<int> RemoveIncompleteUploadsAsync(string prefix, DateTime startedBefore, CancellationToken cancellationToken) =>
        _inner.RemoveIncompleteUploadsAsync(prefix, startedBefore, cancellationToken);

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _inner.TryCreateAsync(key, content, cancellationToken);
}
