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
            string location => StoreResolver.Open(engineIntrinsics.SessionState, location),
            _ => throw new ArgumentTransformationMetadataException(
                $"A {value.GetType().Name} is not a backup store. Give a store location string or an object from New-DrBackupStore."),
        };
    }
}
