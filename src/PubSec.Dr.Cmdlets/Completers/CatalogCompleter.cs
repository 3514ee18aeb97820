using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Commands.Infrastructure;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Commands.Completers;

/// <summary>
/// Tab completion from a store's catalog, once -Store is on the command line. Completion must never throw
/// or hang the prompt, so any failure (no store yet, unreadable store) simply offers nothing.
/// </summary>
public abstract class CatalogCompleter : IArgumentCompleter
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var bound = fakeBoundParameters["Store"] is PSObject wrapped ? wrapped.BaseObject : fakeBoundParameters["Store"];
        if (bound is not (IBackupStore or string { Length: > 0 }))
        {
            return [];
        }

        // A relative folder resolves against the operator's PowerShell location (Set-Location), not the process
        // folder, which differs in every host; the session state that holds it is the runspace asking for completion.
        var session = bound is string ? CurrentSessionState() : null;
        if (bound is string && session is null)
        {
            return [];
        }

        IBackupStore? opened = null;
        try
        {
            using var timeout = new CancellationTokenSource(Budget);
            var store = bound as IBackupStore ?? (opened = StoreResolver.Open(session!, (string)bound));
            var backups = new BackupCatalog(store).ListAsync(new BackupQuery(), timeout.Token).GetAwaiter().GetResult();
            var prefix = wordToComplete.Trim('\'', '"');
            return Values(backups)
                .Where(value => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.Ordinal)
                .Select(value => new CompletionResult(Quote(value), value, CompletionResultType.ParameterValue, value))
                .ToList();
        }
        catch (Exception ex) when (ex is Errors.DrException or IOException or OperationCanceledException or UnauthorizedAccessException)
        {
            return [];
        }
        finally
        {
            // A store opened here (an S3 client and its connections) is the completer's to release; one passed in is not.
            (opened as IDisposable)?.Dispose();
        }
    }

    private static SessionState? CurrentSessionState()
    {
        if (Runspace.DefaultRunspace is null)
        {
            return null;
        }

        try
        {
            // A nested command on the runspace that runs the completer: its $ExecutionContext is the operator's session.
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            return shell.AddCommand(@"Microsoft.PowerShell.Utility\Get-Variable").AddParameter("Name", "ExecutionContext").AddParameter("ValueOnly")
                .Invoke<EngineIntrinsics>().FirstOrDefault()?.SessionState;
        }
        catch (Exception ex) when (ex is RuntimeException or PSInvalidOperationException)
        {
            return null;
        }
    }

    protected abstract IEnumerable<string> Values(IReadOnlyList<DrBackup> backups);

    // Collection names may hold spaces or quotes; anything beyond a plain word is single-quoted.
    private static string Quote(string value) =>
        value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.')
            ? value
            : "'" + CodeGeneration.EscapeSingleQuotedStringContent(value) + "'";
}

/// <summary>Completes collection names that have backups in the store.</summary>
public sealed class BackupCollectionCompleter : CatalogCompleter
{
    protected override IEnumerable<string> Values(IReadOnlyList<DrBackup> backups) =>
        backups.OfType<QdrantBackup>().Select(b => b.Collection).OrderBy(c => c, StringComparer.Ordinal);
}

/// <summary>Completes backup ids, newest first.</summary>
public sealed class BackupIdCompleter : CatalogCompleter
{
    protected override IEnumerable<string> Values(IReadOnlyList<DrBackup> backups) => backups.Select(b => b.Id);
}
