namespace PubSec.Dr;

/// <summary>
/// One object of a configuration restore: what was done, and for a replace the field paths that differed (never
/// their values: a Secret's differing key is named, its value is not). Under -WhatIf, Action is what would be done
/// and WhatIf is true.
/// </summary>
public sealed class KubernetesConfigRestoreResult
{
    public string Kind { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Namespace { get; set; } = string.Empty;

    public KubernetesConfigAction Action { get; set; }

    public string[] DifferingFields { get; set; } = [];

    public bool WhatIf { get; set; }

    public string? BackupId { get; set; }

    /// <summary>Why the object failed or was skipped; null otherwise.</summary>
    public string? Error { get; set; }

    public override string ToString() => $"{Kind}/{Name}: {Action}";
}
