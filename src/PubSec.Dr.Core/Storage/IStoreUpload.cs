namespace PubSec.Dr.Storage;

/// <summary>
/// An object being written. Nothing is visible under <see cref="Key"/> until <see cref="CompleteAsync"/>
/// succeeds, so an interrupted transfer never looks like a finished one. Disposing without completing aborts.
/// </summary>
public interface IStoreUpload : IAsyncDisposable
{
    string Key { get; }

    /// <summary>Write-only stream for the object's bytes, in order.</summary>
    Stream Content { get; }

    Task CompleteAsync(CancellationToken cancellationToken);

    Task AbortAsync();
}
