using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Net;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// Azure Automation keeps a runbook's secrets as Automation variables and credentials, read with the sandbox's own
/// Get-AutomationVariable / Get-AutomationPSCredential, not as process variables. Where those commands exist, each
/// variable the environment file names that the process lacks is read from the asset of that name (a variable,
/// else a credential's password) and set in the process, where every cmdlet already looks. Elsewhere this does
/// nothing, so the same runbook runs unchanged in a CronJob. Values are never written anywhere but the process.
/// </summary>
internal static class AutomationAssets
{
    public const string VariableCommand = "Get-AutomationVariable";
    public const string CredentialCommand = "Get-AutomationPSCredential";

    /// <summary>Call on the pipeline thread. Returns the names it set.</summary>
    public static IReadOnlyList<string> Import(CommandInvocationIntrinsics commands, IEnumerable<string> names)
    {
        var hasVariables = commands.GetCommand(VariableCommand, CommandTypes.All) is not null;
        var hasCredentials = commands.GetCommand(CredentialCommand, CommandTypes.All) is not null;
        var set = new List<string>();
        if (!hasVariables && !hasCredentials)
        {
            return set;
        }

        foreach (var name in names.Where(n => string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(n))))
        {
            var value = (hasVariables ? Read(commands, VariableCommand, name) : null) switch
            {
                null when hasCredentials => Read(commands, CredentialCommand, name) is PSCredential credential ? credential.GetNetworkCredential().Password : null,
                null => null,
                var found => found is PSCredential credential ? credential.GetNetworkCredential().Password : found.ToString(),
            };
            if (!string.IsNullOrEmpty(value))
            {
                System.Environment.SetEnvironmentVariable(name, value);
                set.Add(name);
            }
        }

        return set;
    }

    // An asset that does not exist is an error of the sandbox's command; it only means "not there", so it is swallowed.
    private static object? Read(CommandInvocationIntrinsics commands, string command, string name)
    {
        try
        {
            Collection<PSObject> result = commands.InvokeScript(true, ScriptBlock.Create("param($c, $n) $ErrorActionPreference = 'SilentlyContinue'; & $c -Name $n -ErrorAction SilentlyContinue 2>$null"), null, command, name);
            return result.Count == 0 ? null : result[0]?.BaseObject;
        }
        catch (RuntimeException)
        {
            return null;
        }
    }
}
