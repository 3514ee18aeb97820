namespace PubSec.Dr.Storage;

/// <summary>A folder-store write: bytes go to a partial file that becomes the object only on completion.</summary>
internal sealed class FolderStoreUpload : IStoreUpload
{
    private readonly string _finalPath;
    private readonly string _partialPath;
    private readonly FileStream _stream;
    private bool _finished;

    public FolderStoreUpload(string key, string finalPath, string partialPath, FileStream stream)
    {
        Key = key;
        _finalPath = finalPath;
        _partialPath = partialPath;
        _stream = stream;
    }

    public string Key { get; }

    public Stream Content => _stream;

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        // The rename is what makes the object visible, so the bytes must be durable before it.
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Move(_partialPath, _finalPath, overwrite: true);
        _finished = true;
    }

    public async Task AbortAsync()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Delete(_partialPath);
    }

    public ValueTask DisposeAsync() => new(AbortAsync());
}
