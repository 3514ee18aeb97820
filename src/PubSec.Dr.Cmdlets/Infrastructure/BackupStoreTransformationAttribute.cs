using System.Management.Automation;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// Lets every -Store parameter take either a store object (from New-DrBackupStore, or a backup's Store
/// property down the pipeline, keeping its credentials and options) or a location string: a folder path,
/// file://, s3://bucket/prefix, az://container/prefix or a blob URL.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class BackupStoreTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            null => null,
            IBackupStore store => store,
            string location => Open(engineIntrinsics.SessionState, location),
            _ => throw new ArgumentTransformationMetadataException(
                $"A {value.GetType().Name} is not a backup store. Give a store location string or an object from New-DrBackupStore."),
        };
    }

    private static IBackupStore Open(SessionState session, string location)
    {
        try
        {
            return StoreResolver.Open(session, location);
        }
        catch (Errors.DrException ex)
        {
            // Raised by the cmdlet when it starts (AsyncPSCmdlet), with the store's own error id.
            return new UnusableBackupStore(location, ex);
        }
    }
}
