using PubSec.Dr.Environments;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Drills;

/// <summary>
/// Deletes a drill's scratch folder on this machine (where a drill restores a dump.rdb). Only a folder whose name
/// says a drill owns it is deleted; one on another machine is not reachable from here and is reported.
/// </summary>
public sealed class LocalDirectoryRemover : IDrillResourceRemover
{
    public const string ResourceKind = "LocalDirectory";

    public string Kind => ResourceKind;

    public Task RemoveAsync(DrEnvironment environment, DrillResource resource, CancellationToken ct)
    {
        if (!Path.IsPathFullyQualified(resource.Name) || !Path.GetFileName(resource.Name).StartsWith(DrillNames.ScratchPrefix, StringComparison.Ordinal))
        {
            throw DrillOwnership.NotOwned(resource, "folder", $"a drill scratch folder (an absolute path to {DrillNames.ScratchPrefix}*)");
        }

        try
        {
            if (Directory.Exists(resource.Name))
            {
                Directory.Delete(resource.Name, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrException(ErrorIds.DrillCleanupFailed, DrErrorCategory.WriteError, $"The drill folder {resource.Name} could not be deleted: {ex.Message}",
                "Delete it by hand.", resource, ex);
        }

        return Task.CompletedTask;
    }
}
