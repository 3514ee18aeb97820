using System.Management.Automation;
using PubSec.Dr.Backends;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// Opens the store a -Store string names. Relative folder paths are resolved against PowerShell's current
/// location, not the process's, which differ in every runbook host. Text of the form scheme://... is never a
/// path: an invalid bucket name must fail as a store location, not as PowerShell's "drive 's3' does not exist".
/// </summary>
internal static class StoreResolver
{
    public static IBackupStore Open(SessionState session, string location, BackupStoreOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(location) || SecretMask.LooksLikeConnectionString(location))
        {
            // The factory refuses both; resolved as a path first, a connection string would be quoted by PowerShell's error.
            return BackupStoreFactory.Open(location, options);
        }

        var isUri = (Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1) || BackupStoreFactory.LooksLikeUrl(location);
        return BackupStoreFactory.Open(isUri ? location : FolderPath(session, location), options);
    }

    private static string FolderPath(SessionState session, string location)
    {
        try
        {
            return session.Path.GetUnresolvedProviderPathFromPSPath(location);
        }
        catch (Exception ex) when (ex is SessionStateException or PSArgumentException or ArgumentException or NotSupportedException or PSInvalidOperationException)
        {
            // Not kept as the inner exception: PowerShell's message quotes the whole text unmasked.
            throw new DrException(ErrorIds.StoreLocationInvalid, DrErrorCategory.InvalidArgument,
                $"The backup store '{location}' cannot be used: it is not a URI, and PowerShell cannot resolve it as a path ({ex.GetType().Name}).",
                "Give a folder path, a file:// URI, s3://bucket/prefix, az://container/prefix or an Azure blob container URL.", location);
        }
    }
}
