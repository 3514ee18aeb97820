namespace PubSec.Dr.Storage;

/// <summary>
/// The lifecycle every store's upload shares: open, then exactly one of completed (the object appears) or aborted
/// (nothing appears, what was sent is discarded). Completing twice or after an abort is a defect; aborting twice,
/// after completion, or by disposing an unfinished upload is safe, because failure paths and `await using` both
/// abort. Stores supply only the three store calls.
/// </summary>
internal abstract class StoreUpload : IStoreUpload
{
    private bool _closed;
    private bool _completed;

    protected StoreUpload(string key) => Key = key;

    public string Key { get; }

    public abstract Stream Content { get; }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        await CommitAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
        _closed = true;
    }

    public async Task AbortAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        await DiscardAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_completed)
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
        else
        {
            await AbortAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Makes the object visible with every byte written to <see cref="Content"/>; throws the store's own error.</summary>
    protected abstract Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>Gives up what was sent, best effort and with its own deadline: the caller's token is usually cancelled.</summary>
    protected abstract Task DiscardAsync();

    /// <summary>Frees what a completed upload still holds.</summary>
    protected virtual ValueTask ReleaseAsync() => ValueTask.CompletedTask;
}
