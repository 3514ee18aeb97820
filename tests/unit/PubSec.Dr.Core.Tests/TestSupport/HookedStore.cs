using PubSec.Dr.Storage;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>
/// A store wrapper that runs test code at chosen moments of an operation (before an upload begins, before a delete,
/// when a read stream is disposed), so a race between a writer and a deleter can be staged deterministically.
/// </summary>
internal sealed class HookedStore(IBackupStore inner) : IBackupStore
{
    public Func<string, Task>? BeforeBeginUpload { get; set; }

    public Func<string, Task>? BeforeDelete { get; set; }

    public Func<string, Task>? AfterRead { get; set; }

    /// <summary>Runs before a read stream is opened, e.g. to hold one reader until another has started.</summary>
    public Func<string, Task>? BeforeOpenRead { get; set; }

    /// <summary>Runs once an upload has completed (the object is in the store), e.g. to record the order of writes.</summary>
    public Func<string, Task>? AfterCompleteUpload { get; set; }

    public string Location => inner.Location;

    /// <summary>What the store tells a backup about parallel uploads; the wrapped store's answer unless set.</summary>
    public int? ConcurrentUploadsOverride { get; set; }

    public int ConcurrentUploads => ConcurrentUploadsOverride ?? inner.ConcurrentUploads;

    public async Task<IStoreUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        if (BeforeBeginUpload is { } hook)
        {
            await hook(key);
        }

        var upload = await inner.BeginUploadAsync(key, cancellationToken);
        return AfterCompleteUpload is { } completed ? new HookedUpload(upload, () => completed(key)) : upload;
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        if (BeforeOpenRead is { } before)
        {
            await before(key);
        }

        var stream = await inner.OpenReadAsync(key, cancellationToken);
        return AfterRead is { } hook ? new HookedReadStream(stream, () => hook(key)) : stream;
    }

    public Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken) => inner.GetInfoAsync(key, cancellationToken);

    public IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        if (BeforeDelete is { } hook)
        {
            await hook(key);
        }

        await inner.DeleteAsync(key, cancellationToken);
    }

    public Task<int> RemoveIncompleteUploadsAsync(string prefix, DateTime startedBefore, CancellationToken cancellationToken) =>
        inner.RemoveIncompleteUploadsAsync(prefix, startedBefore, cancellationToken);

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        inner.TryCreateAsync(key, content, cancellationToken);

    /// <summary>An upload that runs a hook after it completed.</summary>
    private sealed class HookedUpload(IStoreUpload upload, Func<Task> completed) : IStoreUpload
    {
        public string Key => upload.Key;

        public Stream Content => upload.Content;

        public Task AbortAsync() => upload.AbortAsync();

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            await upload.CompleteAsync(cancellationToken);
            await completed();
        }

        public ValueTask DisposeAsync() => upload.DisposeAsync();
    }

    /// <summary>A read stream that runs a hook once, when it is disposed (the reader is done with the object).</summary>
    private sealed class HookedReadStream(Stream inner, Func<Task> done) : Stream
    {
        private bool _done;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            if (!_done)
            {
                _done = true;
                await done();
            }

            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
