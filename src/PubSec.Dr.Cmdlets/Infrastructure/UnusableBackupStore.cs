using System.Runtime.CompilerServices;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// What a -Store string that cannot be opened binds to. An argument transformation can only fail with
/// PowerShell's generic ParameterArgumentTransformationError; deferring the failure lets the cmdlet raise
/// the store's own error (StoreLocationInvalid, StoreCredentialsMissing) with its stable id and advice.
/// </summary>
internal sealed class UnusableBackupStore : IBackupStore
{
    public UnusableBackupStore(string location, DrException error)
    {
        // Shown wherever the parameter value is (its ToString): the text as typed, but with any secret masked.
        Location = SecretMask.Apply(location);
        Error = error;
    }

    public string Location { get; }

    public DrException Error { get; }

    public Task<IStoreUpload> BeginUploadAsync(string key, CancellationToken cancellationToken) => throw Error;

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => throw Error;

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => throw Error;

    public Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken) => throw Error;

    public async IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        throw Error;
#pragma warning disable CS0162 // An async iterator needs a yield to be one.
        yield break;
#pragma warning restore CS0162
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => throw Error;

    public Task<int> RemoveIncompleteUploadsAsync(string prefix, DateTime startedBefore, CancellationToken cancellationToken) => throw Error;

    public override string ToString() => Location;
}
