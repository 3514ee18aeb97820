using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Environments;

namespace PubSec.Dr.Commands.Environments;

/// <summary>
/// <para type="synopsis">Reads and validates an environment file: the regions, DNS records, public service and recovery objectives of a deployment.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "DrEnvironment", DefaultParameterSetName = PathSet)]
[OutputType(typeof(DrEnvironment))]
public sealed class ImportDrEnvironmentCommand : AsyncPSCmdlet
{
    /// <summary>The type name scripts and views may use for the result, besides its .NET type.</summary>
    public const string TypeName = "PubSec.Dr.Environment";

    private const string PathSet = "Path";
    private const string JsonSet = "Json";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The file's text instead of a file (an Azure Automation variable, a ConfigMap value); relative paths in it are taken from the current location.</summary>
    [Parameter(Mandatory = true, ParameterSetName = JsonSet)]
    [ValidateNotNullOrEmpty]
    public string Json { get; set; } = string.Empty;

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var environment = ParameterSetName == JsonSet
            ? DrEnvironmentLoader.Parse(Json, System.IO.Path.Combine(SessionState.Path.CurrentFileSystemLocation.ProviderPath, "environment.json"))
            : DrEnvironmentLoader.Load(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path));
        var imported = OnPipelineThread(() => AutomationAssets.Import(InvokeCommand, EnvironmentSecretNames.Of(environment)));
        if (imported.Count > 0)
        {
            EmitVerbose($"Read {imported.Count} secret(s) from Azure Automation assets into this process: {string.Join(", ", imported)}.");
        }

        var result = new PSObject(environment);
        result.TypeNames.Insert(0, TypeName);
        Emit(result);
        return Task.CompletedTask;
    }
}
