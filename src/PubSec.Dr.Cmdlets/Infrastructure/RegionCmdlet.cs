using System.Management.Automation;
using PubSec.Dr.Environments;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// A cmdlet whose connection parameters may come from a region of an environment file: -Environment and -Region
/// are declared once here, and <see cref="SelectedRegion"/> applies the one rule of <see cref="EnvironmentParameters"/>.
/// </summary>
public abstract class RegionCmdlet : AsyncPSCmdlet
{
    /// <summary>An environment from Import-DrEnvironment: with -Region, the defaults for every connection parameter not given.</summary>
    [Parameter]
    [ValidateNotNull]
    public DrEnvironment? Environment { get; set; }

    /// <summary>The region of -Environment this command works on (optional when the environment has one region).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    private IBackupStore? _regionStore;

    /// <summary>The region the command works on, or null without -Environment.</summary>
    protected DrRegion? SelectedRegion() => EnvironmentParameters.Region(Environment, Region);

    /// <summary>
    /// The store given, else the region's. The region's is opened once per command, not once per pipeline record:
    /// opening an object store builds its client and credentials.
    /// </summary>
    protected IBackupStore RegionStore(IBackupStore? given, string parameter = "-Store") =>
        given ?? (_regionStore ??= EnvironmentParameters.Store(SelectedRegion(), null, parameter));

    protected override DrRegion? AuditRegion() => SelectedRegion();

    /// <summary>The store given, else the region's when it has one, else null (for commands where a store is optional).</summary>
    protected IBackupStore? OptionalRegionStore(IBackupStore? given) =>
        given ?? (SelectedRegion()?.Store is null ? null : RegionStore(null));
}
