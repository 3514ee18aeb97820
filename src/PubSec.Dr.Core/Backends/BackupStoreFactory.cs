using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;
using PubSec.Dr.Storage.Azure;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Storage.S3;

namespace PubSec.Dr.Backends;

/// <summary>
/// Turns the -Store string an operator types into a store, by scheme: a folder path or file:// URI, and the
/// object stores (s3://, az://, blob URLs) beside it. Cmdlets never know which kind they hold.
/// </summary>
public static class BackupStoreFactory
{
    public static IBackupStore Open(string location, BackupStoreOptions? options = null, string? basePath = null)
    {
        var store = OpenKind(location, options, basePath);
        // A store opened with trusted signers answers only for backups one of them signed (Backups/Signing).
        return options?.TrustedSigners is { Count: > 0 } signers ? new TrustingBackupStore(store, signers) : store;
    }

    private static IBackupStore OpenKind(string location, BackupStoreOptions? options, string? basePath)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            throw Invalid(location, "it is empty");
        }

        if (SecretMask.LooksLikeConnectionString(location))
        {
            // Taken as a folder path it would create a folder named after the account key.
            throw new DrException(ErrorIds.StoreLocationInvalid, DrErrorCategory.InvalidArgument,
                $"The backup store '{location}' cannot be used: it is an Azure Storage connection string, not a location.",
                "Give az://<container>[/<prefix>] as the location, and the connection string to New-DrBackupStore -ConnectionString "
                + "(as a SecureString) or in AZURE_STORAGE_CONNECTION_STRING.", location);
        }

        if (S3Location.IsS3(location))
        {
            return new S3BackupStore(location, options);
        }

        var isUri = Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1;
        if (!isUri && location.StartsWith(AzureBlobLocation.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            // Not a valid URI (a space, a brace): the Azure parser says what is wrong with it.
            return new AzureBlobBackupStore(location, options);
        }

        if (!isUri && LooksLikeUrl(location))
        {
            // Never a folder: "s3://my bucket" would otherwise become a folder named "s3:" (or a PowerShell drive).
            throw Invalid(location, "it looks like a URL but is not a valid one (a space or a character a URL cannot hold?)");
        }

        if (isUri && uri is not null)
        {
            if (uri.IsFile)
            {
                return new FolderBackupStore(uri.LocalPath);
            }

            if (uri.Scheme == AzureBlobLocation.Scheme || AzureLocationDetector.IsAzureUrl(uri, options))
            {
                return new AzureBlobBackupStore(location, options);
            }

            throw Invalid(location, $"the scheme '{uri.Scheme}' is not supported (use a folder path, a file:// URI, s3://bucket/prefix, az://container/prefix or a blob container URL)");
        }

        var path = basePath is null ? location : Path.Combine(basePath, location);
        return new FolderBackupStore(path);
    }

    /// <summary>True for text of the form scheme://..., which is meant as a URL and never as a folder path.</summary>
    public static bool LooksLikeUrl(string location)
    {
        var separator = location.IndexOf("://", StringComparison.Ordinal);
        return separator > 1 && char.IsAsciiLetter(location[0])
            && location[..separator].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
    }

    private static DrException Invalid(string location, string why) => new(
        ErrorIds.StoreLocationInvalid, DrErrorCategory.InvalidArgument,
        $"The backup store '{location}' cannot be used: {why}.",
        "Give a folder path, a file:// URI, s3://bucket/prefix, az://container/prefix or an Azure blob container URL.", location);
}
