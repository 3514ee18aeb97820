using PubSec.Dr.Transfer;

namespace PubSec.Dr.Storage.Folder;

/// <summary>The partial file of a folder-store upload, whose write failures (full disk, I/O error) are store errors.</summary>
internal sealed class FolderWriteStream(FileStream file, string root, string key) : WriteOnlyStream
{
    public FileStream File => file;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
        {
            throw FolderStoreErrors.Map(ex, root, key, "Writing", writing: true);
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
        {
            throw FolderStoreErrors.Map(ex, root, key, "Writing", writing: true);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await file.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
