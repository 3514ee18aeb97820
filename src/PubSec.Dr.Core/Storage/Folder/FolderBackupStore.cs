using System.Runtime.CompilerServices;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Storage.Folder;

/// <summary>
/// A backup store in a local or mounted folder. Objects are written to a hidden partial file and renamed
/// into place on completion, so a crash leaves no object that looks complete.
/// </summary>
public sealed class FolderBackupStore : IBackupStore
{
    internal const string PartialMarker = ".partial-";
    private readonly string _root;
    private readonly string _rootPrefix;

    public FolderBackupStore(string rootPath)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootPath));
        _rootPrefix = _root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar;
        Location = new Uri(_rootPrefix).AbsoluteUri;
    }

    public string Location { get; }

    /// <summary>Every node's part at once: a file write holds no buffer of its own, and the parts' fsyncs overlap.</summary>
    public int ConcurrentUploads => 8;

    public string RootPath => _root;

    public Task<IStoreUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var partial = path + PartialMarker + Guid.NewGuid().ToString("N");
        FileStream stream;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Unbuffered: the copier writes whole 1 MiB chunks, and FolderWriteStream's early writeback calls fsync
            // beside the writes, which must find no user-space buffer to race with.
            stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0,
                FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Before any byte is written: a read-only mount, a path under /proc, a file where a folder should be.
            throw new DrException(ErrorIds.StoreNotWritable, ex is UnauthorizedAccessException ? DrErrorCategory.PermissionDenied : DrErrorCategory.WriteError,
                $"The backup store folder {_root} cannot be written: {ex.Message}",
                "Give -Store a folder on a writable volume that this account may write to (check the path, the mount and its permissions).",
                _root, ex);
        }

        return Task.FromResult<IStoreUpload>(new FolderStoreUpload(key, _root, path, partial, stream));
    }

    public async Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (File.Exists(path))
        {
            return false;
        }

        // Written and flushed to disk under a partial name first, so the final name only ever holds a whole object.
        var partial = path + PartialMarker + Guid.NewGuid().ToString("N");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            return FolderNoReplace.TryPublish(partial, path, content.Span);
        }
        catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
        {
            TryDelete(partial);
            throw FolderStoreErrors.Map(ex, _root, key, "Creating", writing: true);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(key, ex);
        }
        catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
        {
            throw FolderStoreErrors.Map(ex, _root, key, "Reading", writing: false);
        }
    }

    public Task<StoreObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new StoreObjectInfo(key, file.Length, file.LastWriteTimeUtc) : null);
    }

    public async IAsyncEnumerable<StoreObjectInfo> ListAsync(string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Walk only the deepest directory the prefix names, not the whole store.
        if (!Directory.Exists(_root))
        {
            // Reading a store that is not there is almost always a mistyped path, not an empty catalog.
            throw new DrException(ErrorIds.StoreNotFound, DrErrorCategory.ObjectNotFound,
                $"The backup store folder {_root} does not exist.",
                "Check the -Store path (and that the volume is mounted); a store folder is created by the first backup.", _root);
        }

        var slash = prefix.LastIndexOf('/');
        var directory = slash < 0 ? _root : PathOf(prefix[..slash]);
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || IsPartial(key))
            {
                continue;
            }

            var file = new FileInfo(path);
            yield return new StoreObjectInfo(key, file.Length, file.LastWriteTimeUtc);
        }

        await Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
        {
            throw FolderStoreErrors.Map(ex, _root, key, "Deleting", writing: true);
        }

        return Task.CompletedTask;
    }

    public Task<int> RemoveIncompleteUploadsAsync(string prefix, DateTime startedBefore, CancellationToken cancellationToken)
    {
        var slash = prefix.LastIndexOf('/');
        var directory = slash < 0 ? _root : PathOf(prefix[..slash]);
        var removed = 0;
        if (!Directory.Exists(directory))
        {
            return Task.FromResult(removed);
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*" + PartialMarker + "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && IsPartial(key)
                && File.GetLastWriteTimeUtc(path) < startedBefore.ToUniversalTime())
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
                {
                    throw FolderStoreErrors.Map(ex, _root, key, "Removing the unfinished upload", writing: true);
                }

                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    public override string ToString() => Location;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (FolderStoreErrors.IsIoFailure(ex))
        {
            // A leftover partial file is ignored by listings and removed by RemoveIncompleteUploadsAsync.
        }
    }

    private string PathOf(string key)
    {
        StoreKey.Validate(key);
        var full = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        // Defence in depth: a validated key can never leave the root, and this proves it.
        if (!full.StartsWith(_rootPrefix, StringComparison.Ordinal))
        {
            throw new DrException(ErrorIds.StoreKeyInvalid, DrErrorCategory.InvalidArgument,
                $"The object key '{key}' resolves outside the store.", "Check the key; it may come from a tampered manifest.", key);
        }

        return full;
    }

    // Only our own leftovers: "<object>.partial-<32 hex>"; a collection may legitimately contain ".partial-".
    private static bool IsPartial(string key)
    {
        var marker = key.LastIndexOf(PartialMarker, StringComparison.Ordinal);
        var suffix = marker < 0 ? string.Empty : key[(marker + PartialMarker.Length)..];
        return suffix.Length == 32 && suffix.All(char.IsAsciiHexDigitLower);
    }

    private DrException NotFound(string key, Exception inner) => new(
        ErrorIds.StoreObjectNotFound, DrErrorCategory.ObjectNotFound,
        $"The object '{key}' does not exist in the store {Location}.",
        "Check that the store location is right and that the backup was not deleted or moved.", key, inner);
}
