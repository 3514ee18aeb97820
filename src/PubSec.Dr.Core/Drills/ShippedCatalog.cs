namespace PubSec.Dr.Drills;

/// <summary>
/// What the module ships, for the drill's "documentation accurate" criterion: a phase's PerformedBy must be a command
/// the module exports, or a runbook (*.ps1) that exists in the module's scripts/ folder. The runbook is looked up on
/// disk each time because a build that forgot to copy it, or an operator who deleted it, is exactly what the criterion
/// is there to notice. Kept here, not in the cmdlet assembly, so the engine's tests can check it without PowerShell.
/// </summary>
public static class ShippedCatalog
{
    public static Func<string, bool> Of(IEnumerable<string> commands, string? scriptsFolder)
    {
        var exported = commands.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return name => IsRunbook(name)
            ? scriptsFolder is not null && File.Exists(Path.Combine(scriptsFolder, Path.GetFileName(name)))
            : exported.Contains(name);
    }

    public static bool IsRunbook(string name) => name.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase);
}
