using PubSec.Dr.Transfer;

namespace PubSec.Dr.Storage.Folder;

/// <summary>
/// The partial file of a folder-store upload, whose write failures (full disk, I/O error) are store errors.
/// On Linux the bytes go straight to the disk (direct I/O, <see cref="DirectFileWriter"/>), so nothing waits in the
/// page cache. Elsewhere, and on filesystems without direct I/O, every <see cref="WritebackInterval"/> bytes it starts
/// an fsync in the background, so the disk writes while the download goes on: otherwise the kernel keeps a whole part
/// dirty in memory (its background writeback starts at 10 % of RAM) and the completing fsync then waits for all of
/// it, measured as 2.2 s per GB after the download.
/// </summary>
internal sealed class FolderWriteStream(FileStream file, string root, string key, long writebackInterval = FolderWriteStream.WritebackInterval,
    bool directIo = true) : WriteOnlyStream
{
    /// <summary>How many bytes may be written between two background fsyncs.</summary>
    public const long WritebackInterval = 64L << 20;

    private readonly DirectFileWriter? _direct = directIo ? DirectFileWriter.TryCreate(file.SafeFileHandle) : null;
    private long _sinceWriteback;
    private Task _writeback = Task.CompletedTask;

    /// <summary>True while the part bypasses the page cache.</summary>
    public bool IsDirect => _direct?.IsDirect == true;

    public FileStream File => file;

    /// <summary>How many background fsyncs were started (for tests).</summary>
    public int WritebacksStarted { get; private set; }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A plain pwrite on the caller's thread: into the page cache it takes a fraction of a millisecond per
            // MiB, while WriteAsync queued each chunk to the thread pool, where three parts on two cores waited
            // their turn (measured: writes were the longest phase of a 1 GB backup). A direct write of 1 MiB waits
            // for the disk, while the copier's next read is already under way.
            if (_direct is not null)
            {
                _direct.Write(buffer.Span);
                if (_direct.IsDirect)
                {
                    return;
                }
            }
            else
            {
                file.Write(buffer.Span);
            }

            _sinceWriteback += buffer.Length;
            if (_sinceWriteback >= writebackInterval && _writeback.IsCompleted)
            {
                // A failed writeback (EIO, a full thin volume) surfaces here, at the next write, or at completion.
                await _writeback.ConfigureAwait(false);
                _sinceWriteback = 0;
                // Its own thread, not the pool's: an fsync blocks for as long as the disk takes, and with a few parts
                // in flight on a 2-core machine, pool threads parked in fsync starved the downloads and hashing.
                _writeback = Task.Factory.StartNew(() => file.Flush(flushToDisk: true), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default);
                WritebacksStarted++;
            }
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

    /// <summary>Makes every byte durable: waits for a background writeback still running, then fsyncs the rest.</summary>
    public async Task FlushToDiskAsync()
    {
        await _writeback.ConfigureAwait(false);
        _direct?.Complete();
        await file.FlushAsync().ConfigureAwait(false);
        // Direct writes skip the page cache, not the disk's own cache nor the file's metadata: fsync covers both.
        file.Flush(flushToDisk: true);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            WaitForWriteback();
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await _writeback.ConfigureAwait(false);
        }
        catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
        {
            // Disposal after a failure or an abort: the partial file is deleted anyway, and the error that counts was raised.
        }

        await file.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void WaitForWriteback()
    {
        try
        {
            _writeback.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
        {
            // As in DisposeAsync: the handle must not close under a running fsync; its error was or will be reported.
        }
    }
}
