using PubSec.Dr.Backends;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Environments;

/// <summary>
/// A region's backup store: the location (an absolute folder path, s3:// or az:// / a blob URL) and how to log in
/// to it, by variable names only. Without any, the store uses its own defaults (AWS chain, AZURE_STORAGE_CONNECTION_STRING).
/// </summary>
public sealed record DrStoreSettings(
    string Location,
    string? Region,
    Uri? Endpoint,
    string? Profile,
    string? AccessKeyIdVariable,
    string? SecretAccessKeyVariable,
    string? SessionTokenVariable,
    string? ConnectionStringVariable)
{
    public BackupStoreOptions Options() => new()
    {
        Region = Region,
        Endpoint = Endpoint,
        Profile = Profile,
        AccessKeyId = EnvironmentVariables.Read(AccessKeyIdVariable, "the store's access key id"),
        SecretAccessKey = EnvironmentVariables.Read(SecretAccessKeyVariable, "the store's secret access key"),
        SessionToken = EnvironmentVariables.Read(SessionTokenVariable, "the store's session token"),
        ConnectionString = EnvironmentVariables.Read(ConnectionStringVariable, "the store's connection string"),
    };

    public IBackupStore Open() => BackupStoreFactory.Open(Location, Options());

    public override string ToString() => Location;
}
