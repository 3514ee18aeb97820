using PubSec.Dr.Errors;

namespace PubSec.Dr.Storage.Folder;

/// <summary>
/// The folder store's I/O failures as the store errors the object stores raise, so a caller handles a full disk or
/// a refused folder the same way whether the store is a folder, S3 or Azure, and never sees a bare IOException.
/// </summary>
internal static class FolderStoreErrors
{
    // ENOSPC and EDQUOT on Linux, ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    private static readonly int[] DiskFullCodes = [28, 122, 0x70, 0x27];

    public static bool IsIoFailure(Exception ex) => ex is IOException or UnauthorizedAccessException;

    /// <summary>The error of <paramref name="doing"/> (e.g. "Writing") <paramref name="key"/> under <paramref name="root"/>.</summary>
    public static DrException Map(Exception ex, string root, string key, string doing, bool writing)
    {
        if (ex is UnauthorizedAccessException)
        {
            return new DrException(ErrorIds.StoreAccessDenied, DrErrorCategory.PermissionDenied,
                $"{doing} {key} in the backup store folder {root} was refused: {ex.Message}",
                "Give this account permission to read and write the store folder (and check the volume is not mounted read-only).", key, ex);
        }

        if (IsDiskFull(ex))
        {
            return new DrException(ErrorIds.StoreWriteFailed, DrErrorCategory.WriteError,
                $"{doing} {key} in the backup store folder {root} failed: the volume is full. Nothing of it was kept.",
                "Free space on the store's volume (Invoke-DrRetention removes expired backups) or give -Store a larger volume, then run again.", key, ex);
        }

        return writing
            ? new DrException(ErrorIds.StoreWriteFailed, DrErrorCategory.WriteError,
                $"{doing} {key} in the backup store folder {root} failed: {ex.Message}. Nothing of it was kept.",
                "Check the store's volume (mount, free space, errors in the system log), then run again.", key, ex)
            : new DrException(ErrorIds.StoreRequestFailed, DrErrorCategory.ReadError,
                $"{doing} {key} in the backup store folder {root} failed: {ex.Message}",
                "Check the store's volume (mount, errors in the system log), then run again.", key, ex);
    }

    private static bool IsDiskFull(Exception ex) => ex is IOException && DiskFullCodes.Contains(ex.HResult & 0xFFFF);
}
