using System.Management.Automation;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// Opens the store a -Store string names. Relative folder paths are resolved against PowerShell's current
/// location, not the process's, which differ in every runbook host.
/// </summary>
internal static class StoreResolver
{
    public static IBackupStore Open(SessionState session, string location, BackupStoreOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return BackupStoreFactory.Open(location, options);
        }

        var isUri = Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1;
        var resolved = isUri ? location : session.Path.GetUnresolvedProviderPathFromPSPath(location);
        return BackupStoreFactory.Open(resolved, options);
    }
}
