namespace PubSec.Dr.Storage.Folder;

/// <summary>A folder-store write: bytes go to a partial file that becomes the object only on completion.</summary>
internal sealed class FolderStoreUpload : StoreUpload
{
    private readonly string _root;
    private readonly string _finalPath;
    private readonly string _partialPath;
    private readonly FolderWriteStream _stream;

    public FolderStoreUpload(string key, string root, string finalPath, string partialPath, FileStream file)
        : base(key)
    {
        _root = root;
        _finalPath = finalPath;
        _partialPath = partialPath;
        _stream = new FolderWriteStream(file, root, key);
    }

    public override Stream Content => _stream;

    protected override async Task CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The rename is what makes the object visible, so the bytes must be durable before it.
            await _stream.FlushToDiskAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            File.Move(_partialPath, _finalPath, overwrite: true);
        }
        catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
        {
            // The caller aborts (or disposes) after a failed completion, which removes the partial file.
            throw FolderStoreErrors.Map(ex, _root, Key, "Completing", writing: true);
        }
    }

    protected override async Task DiscardAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            File.Delete(_partialPath);
        }
        catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
        {
            // Best effort, like the object stores' aborts: a leftover partial file is never listed and the next run's
            // RemoveIncompleteUploadsAsync removes it; the error that caused the abort is the one to show.
        }
    }
}
