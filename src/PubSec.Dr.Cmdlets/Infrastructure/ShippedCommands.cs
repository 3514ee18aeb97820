using System.Management.Automation;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// What the module ships, for the drill's "documentation accurate" criterion: a phase's PerformedBy must be a command
/// the module exports, or a runbook (*.ps1) that exists under the module's scripts/ folder.
/// </summary>
internal static class ShippedCommands
{
    public static Func<string, bool> Of(PSModuleInfo? module)
    {
        var commands = module is null ? [] : module.ExportedCommands.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var scripts = module is null ? null : Path.Combine(module.ModuleBase, "scripts");
        return name => name.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase)
            ? scripts is not null && File.Exists(Path.Combine(scripts, Path.GetFileName(name)))
            : commands.Contains(name);
    }
}
