using System.Management.Automation;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Environments;

namespace PubSec.Dr.Commands.Environments;

/// <summary>
/// <para type="synopsis">Reads and validates an environment file: the regions, DNS records, public service and recovery objectives of a deployment.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "DrEnvironment")]
[OutputType(typeof(DrEnvironment))]
public sealed class ImportDrEnvironmentCommand : AsyncPSCmdlet
{
    /// <summary>The type name scripts and views may use for the result, besides its .NET type.</summary>
    public const string TypeName = "PubSec.Dr.Environment";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var environment = DrEnvironmentLoader.Load(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path));
        var result = new PSObject(environment);
        result.TypeNames.Insert(0, TypeName);
        Emit(result);
        return Task.CompletedTask;
    }
}
