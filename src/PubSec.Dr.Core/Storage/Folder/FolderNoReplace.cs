using System.Runtime.InteropServices;

namespace PubSec.Dr.Storage.Folder;

/// <summary>
/// Publishes a fully written partial file under its final name only if that name is free, atomically.
/// Why not File.Move(partial, path, overwrite: false): on Unix .NET implements it with link()+unlink(), which is
/// atomic, but when link() fails for a filesystem reason (EPERM, ENOTSUP, EMLINK, ENOSYS on some FUSE/SMB mounts)
/// it silently falls back to "check the target, then rename()", and rename() replaces: two processes can both
/// "win". So on Unix we call link(2) ourselves, whose EEXIST is the no-replace guarantee (POSIX, also NFS), and
/// only where hard links are impossible fall back to O_CREAT|O_EXCL on the final name (still exclusive, but a
/// reader could briefly see a short file; documented, and only on such mounts). On Windows MoveFileEx without
/// MOVEFILE_REPLACE_EXISTING is already atomic and no-replace, which is what File.Move(false) calls.
/// </summary>
internal static class FolderNoReplace
{
    private const int EEXIST = 17; // Same value on Linux and macOS.

    /// <summary>True when <paramref name="path"/> now holds the partial file's content; false when it already existed.</summary>
    public static bool TryPublish(string partial, string path, ReadOnlySpan<byte> content)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Move(partial, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(partial);
                return false;
            }
        }

        if (Link(partial, path) == 0)
        {
            File.Delete(partial);
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        File.Delete(partial);
        if (errno == EEXIST)
        {
            return false;
        }

        if (errno is 1 or 95 or 45 or 31 or 38 or 78)
        {
            // EPERM, ENOTSUP (Linux 95, macOS 45), EMLINK, ENOSYS (Linux 38, macOS 78): no hard links on this mount.
            return CreateExclusive(path, content);
        }

        throw new IOException($"link() failed with errno {errno}.", errno);
    }

    private static bool CreateExclusive(string path, ReadOnlySpan<byte> content)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }

        using (stream)
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        return true;
    }

    private static int Link(string existing, string newPath) => LinkCall.Value(existing, newPath);

    // Through LibC, which says why a delegate and not a [DllImport].
    [UnmanagedFunctionPointer(CallingConvention.Cdecl, SetLastError = true)]
    private delegate int LinkFunction([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);

    private static readonly Lazy<LinkFunction> LinkCall = LibC.Function<LinkFunction>("link");
}
