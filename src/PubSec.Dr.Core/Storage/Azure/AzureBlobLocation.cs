using Azure.Identity;
using Azure.Storage.Blobs;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Storage.Azure;

/// <summary>
/// Turns an az:// or blob container URL location into a container client, a key prefix and a display form
/// without secrets. Credentials, in order: a SAS in the URL; a connection string (options, then
/// AZURE_STORAGE_CONNECTION_STRING) for the same account; DefaultAzureCredential (managed identity in Azure
/// Automation, workload identity in AKS). az:// names no account, so it needs the connection string.
/// </summary>
internal sealed class AzureBlobLocation
{
    public const string Scheme = "az";
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    private AzureBlobLocation(BlobContainerClient container, string prefix, string display)
    {
        Container = container;
        Prefix = prefix;
        Display = display;
    }

    public BlobContainerClient Container { get; }

    /// <summary>Blob name prefix of every key, empty or ending in '/'.</summary>
    public string Prefix { get; }

    public string Display { get; }

    public static AzureBlobLocation Parse(string location, BackupStoreOptions? options)
    {
        var display = WithoutQuery(location);
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri))
        {
            throw Invalid(display, "it is not an absolute URI");
        }

        var connectionString = ConnectionStringFrom(options);
        var clientOptions = AzureClientOptions.Create(options?.Deadlines ?? Network.NetworkDeadlines.Default);
        return uri.Scheme == Scheme
            ? FromAzUri(location, display, connectionString, clientOptions)
            : FromContainerUrl(uri, display, connectionString, clientOptions);
    }

    /// <summary>The location without its query string, which is where a SAS token lives.</summary>
    public static string WithoutQuery(string location)
    {
        var query = location.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? location : location[..query];
    }

    private static AzureBlobLocation FromAzUri(string location, string display, string? connectionString, BlobClientOptions clientOptions)
    {
        // Parsed by hand: Uri would lower-case the container (host) and accept names Azure rejects.
        if (!location.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(display, "expected az://<container>[/<prefix>]");
        }

        var rest = location[(Scheme.Length + 3)..];
        if (rest.IndexOfAny(['?', '#', '@', '\\']) >= 0)
        {
            throw Invalid(display, "an az:// location takes no query, fragment or user info (give credentials in a connection string)");
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var container = AzureContainerName.Validate(slash < 0 ? rest : rest[..slash], display);
        var prefix = PrefixOf(slash < 0 ? string.Empty : rest[(slash + 1)..], display);
        if (connectionString is null)
        {
            throw new DrException(ErrorIds.StoreCredentialsMissing, DrErrorCategory.AuthenticationError,
                $"The backup store {display} names no storage account, and no Azure connection string was given.",
                $"Pass a connection string in the store options or set {ConnectionStringVariable}, or use the container URL "
                + "(https://<account>.blob.core.windows.net/<container>) to sign in with a managed identity.", display);
        }

        var service = ServiceFrom(connectionString, display, clientOptions);
        return new AzureBlobLocation(service.GetBlobContainerClient(container), prefix, $"{Scheme}://{container}/{prefix}");
    }

    private static AzureBlobLocation FromContainerUrl(Uri uri, string display, string? connectionString, BlobClientOptions clientOptions)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            throw Invalid(display, $"the scheme '{uri.Scheme}' is not an Azure Blob scheme");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Invalid(display, "it contains user info; give credentials as a SAS query or a connection string");
        }

        // Uri has already folded "a/../b" into "b"; an operator who typed dot segments gets an error, not a guess.
        if (display[(display.IndexOf("//", StringComparison.Ordinal) + 2)..].Split('/')
            .Select(Uri.UnescapeDataString).Any(segment => segment is "." or ".."))
        {
            throw Invalid(display, "its path has a '.' or '..' segment");
        }

        var builder = new BlobUriBuilder(uri);
        if (string.IsNullOrEmpty(builder.BlobContainerName))
        {
            throw Invalid(display, "it names no container (expected https://<account>.blob.core.windows.net/<container>[/<prefix>])");
        }

        var container = AzureContainerName.Validate(builder.BlobContainerName, display);
        var prefix = PrefixOf(builder.BlobName, display);
        var hasSas = builder.Sas is not null || !string.IsNullOrEmpty(builder.Query);
        builder.BlobName = string.Empty;
        var containerUriWithSas = builder.ToUri();
        builder.Sas = null;
        builder.Query = string.Empty;
        var containerUri = builder.ToUri();
        var shown = containerUri.AbsoluteUri.TrimEnd('/') + "/" + prefix;

        BlobContainerClient client;
        if (hasSas)
        {
            client = new BlobContainerClient(containerUriWithSas, clientOptions);
        }
        else if (connectionString is not null
            && ServiceFrom(connectionString, shown, clientOptions) is var service
            && string.Equals(service.AccountName, builder.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            client = service.GetBlobContainerClient(container);
        }
        else
        {
            // Managed identity in Azure Automation, workload identity in AKS, az login on a workstation.
            client = new BlobContainerClient(containerUri, new DefaultAzureCredential(), clientOptions);
        }

        return new AzureBlobLocation(client, prefix, shown);
    }

    private static string? ConnectionStringFrom(BackupStoreOptions? options)
    {
        var value = options?.ConnectionString;
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        }

        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    private static BlobServiceClient ServiceFrom(string connectionString, string display, BlobClientOptions clientOptions)
    {
        try
        {
            return new BlobServiceClient(connectionString, clientOptions);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The inner exception is dropped on purpose: its message may quote the connection string.
            throw new DrException(ErrorIds.StoreCredentialsMissing, DrErrorCategory.AuthenticationError,
                $"The Azure connection string for the backup store {display} is malformed.",
                $"Copy the connection string again from the storage account's Access keys page (or fix {ConnectionStringVariable}).",
                display);
        }
    }

    private static string PrefixOf(string path, string display)
    {
        var trimmed = path.Trim('/');
        if (trimmed.Length == 0)
        {
            return string.Empty;
        }

        try
        {
            return StoreKey.Validate(trimmed) + "/";
        }
        catch (DrException ex)
        {
            throw Invalid(display, $"its prefix '{trimmed}' is not a safe path ({ex.Message})");
        }
    }

    private static DrException Invalid(string display, string why) => new(
        ErrorIds.StoreLocationInvalid, DrErrorCategory.InvalidArgument,
        $"The backup store '{display}' cannot be used: {why}.",
        "Give az://<container>[/<prefix>] or https://<account>.blob.core.windows.net/<container>[/<prefix>].", display);
}
