using PubSec.Dr.Errors;

namespace PubSec.Dr.Environments;

/// <summary>The one error for "the operation needs a part of the environment file that it does not have".</summary>
internal static class EnvironmentSections
{
    public static DrException Missing(DrEnvironment environment, string field) =>
        new(ErrorIds.EnvironmentSectionMissing, DrErrorCategory.InvalidArgument,
            $"The environment '{environment.Name}' ({environment.SourcePath}) has no '{field}' section, which this operation needs.",
            $"Add '{field}' to the environment file, or give the explicit parameters instead of -Environment.", field);
}
