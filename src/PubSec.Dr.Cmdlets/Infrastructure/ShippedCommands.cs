using System.Management.Automation;
using PubSec.Dr.Drills;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// The loaded module's exports and its scripts/ folder (where the build copies the runbooks), handed to the engine's
/// <see cref="ShippedCatalog"/> for the drill's "documentation accurate" criterion.
/// </summary>
internal static class ShippedCommands
{
    public static Func<string, bool> Of(PSModuleInfo? module) => module is null
        ? ShippedCatalog.Of([], null)
        : ShippedCatalog.Of(module.ExportedCommands.Keys, Path.Combine(module.ModuleBase, "scripts"));
}
