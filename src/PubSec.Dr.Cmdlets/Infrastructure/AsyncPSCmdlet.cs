using System.Collections.Concurrent;
using System.Management.Automation;
using PubSec.Dr.Backends;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>
/// Runs a cmdlet's work as a task and pumps everything PowerShell must see on the pipeline thread (output,
/// errors, verbose, progress, ShouldProcess) back to it through a queue. Ctrl+C (StopProcessing) cancels the
/// token every engine call receives. This is the only place that blocks on a task.
/// </summary>
public abstract class AsyncPSCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly AuditedActions _audited = new();
    private BlockingCollection<Action>? _pump;

    protected CancellationToken CancelToken => _cancel.Token;

    /// <summary>The one factory of Qdrant, Redis and Kubernetes connections; cmdlets hand what it makes to the engine.</summary>
    protected static IBackendFactory Backends => BackendFactory.Default;

    protected virtual Task BeginProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task ProcessRecordAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task EndProcessingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected sealed override void BeginProcessing() => Run(BeginProcessingAsync);

    protected sealed override void ProcessRecord() => Run(ProcessRecordAsync);

    protected sealed override void EndProcessing() => Run(EndProcessingAsync);

    protected sealed override void StopProcessing() => _cancel.Cancel();

    /// <summary>Queues output for the pipeline thread. Safe from any thread.</summary>
    protected void Emit(object item) => Post(() => WriteObject(item));

    protected void EmitError(ErrorRecord record)
    {
        _audited.Failed(record);
        Post(() => WriteError(record));
    }

    /// <summary>
    /// Emits a result that also describes a failure (a restore that stopped part-way): the object first, so
    /// reports get it even under -ErrorAction Stop, then the failure as an error targeting it.
    /// </summary>
    protected void EmitResult(object result, PubSec.Dr.Errors.DrException? failure)
    {
        Emit(result);
        if (failure is not null)
        {
            EmitError(DrErrorRecord.From(failure, result));
        }
    }

    /// <summary>One item of an engine operation that goes on past failures: its result (with its failure), or the failure alone.</summary>
    protected void EmitOutcome<T>(PubSec.Dr.Qdrant.QdrantOutcome<T> outcome)
        where T : class
    {
        if (outcome.Result is { } result)
        {
            EmitResult(result, outcome.Failure);
        }
        else if (outcome.Failure is { } failure)
        {
            EmitError(DrErrorRecord.From(failure, outcome.Target));
        }
    }

    // Narration quotes locations and endpoints; masked here too, so no engine message can carry a typed secret out.
    protected void EmitVerbose(string message) => Post(() => WriteVerbose(SecretMask.Apply(message)));

    protected void EmitWarning(string message) => Post(() => WriteWarning(SecretMask.Apply(message)));

    protected void EmitProgress(ProgressRecord record)
    {
        record.Activity = SecretMask.Apply(record.Activity);
        record.StatusDescription = SecretMask.Apply(record.StatusDescription);
        record.CurrentOperation = SecretMask.Apply(record.CurrentOperation);
        Post(() => WriteProgress(record));
    }

    /// <summary>Runs <paramref name="work"/> on the pipeline thread (where other commands of the session may be invoked) and returns its result to the worker.</summary>
    protected T OnPipelineThread<T>(Func<T> work) => Ask(work);

    /// <summary>
    /// ShouldProcess asked on the pipeline thread, answered to the worker. Its text reaches -WhatIf output and
    /// transcripts, so it is masked. A session that cannot prompt (pwsh -NonInteractive, a scheduled job, a runbook
    /// host) makes PowerShell fail with its bare "NonInteractive mode" error; that becomes ConfirmationRequired, which
    /// stops the cmdlet and says to add -Confirm:$false.
    /// </summary>
    protected bool AskShouldProcess(string target, string action) => Ask(() =>
    {
        var (shownTarget, shownAction) = (SecretMask.Apply(target), SecretMask.Apply(action));
        try
        {
            var approved = ShouldProcess(shownTarget, shownAction);
            if (approved)
            {
                _audited.Approved(shownTarget, shownAction);
            }

            return approved;
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or System.Management.Automation.Host.HostException or NotImplementedException)
        {
            throw new ConfirmationRequiredException(ConfirmationRequired.Record(MyInvocation.MyCommand.Name, shownTarget, shownAction, ex));
        }
    });

    /// <summary>The region an environment-driven command works on, whose store is the audit log's first choice.</summary>
    protected virtual PubSec.Dr.Environments.DrRegion? AuditRegion() => null;

    /// <summary>False for the command that writes audit records itself (Add-DrAuditRecord).</summary>
    protected virtual bool WritesAuditLog => true;

    public void Dispose()
    {
        _cancel.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Post(Action action)
    {
        var pump = _pump ?? throw new InvalidOperationException("Pipeline writes are only possible while the cmdlet is running.");
        pump.Add(action);
    }

    private T Ask<T>(Func<T> question)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                answer.SetResult(question());
            }
            catch (Exception ex)
            {
                answer.SetException(ex);
            }
        });
        return answer.Task.GetAwaiter().GetResult();
    }

    private void Run(Func<CancellationToken, Task> work)
    {
        // A -Store string that could not be opened fails here, before any work, with its own error id.
        foreach (var value in MyInvocation.BoundParameters.Values)
        {
            if (value is UnusableBackupStore unusable)
            {
                ThrowTerminatingError(DrErrorRecord.From(unusable.Error));
            }
        }

        // So does a duration out of its range: before anything changes, not half-way through.
        try
        {
            DurationAttribute.Check(this);
        }
        catch (PubSec.Dr.Errors.DrException ex)
        {
            ThrowTerminatingError(DrErrorRecord.From(ex));
        }

        using var pump = new BlockingCollection<Action>();
        _pump = pump;
        var task = Task.Run(async () =>
        {
            try
            {
                await work(_cancel.Token).ConfigureAwait(false);
            }
            finally
            {
                pump.CompleteAdding();
            }
        });

        try
        {
            foreach (var action in pump.GetConsumingEnumerable())
            {
                action();
            }
        }
        catch
        {
            // A write failed on the pipeline thread (e.g. downstream Select-Object -First stopped it):
            // stop the worker, let it finish, then surface the original failure.
            _cancel.Cancel();
            DrainQuietly(pump, task);
            throw;
        }
        finally
        {
            _pump = null;
        }

        // Whatever the outcome, what was approved is audited before the outcome reaches the caller.
        WriteAuditRecord(task);
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (PubSec.Dr.Errors.DrException ex)
        {
            ThrowTerminatingError(DrErrorRecord.From(ex));
        }
        catch (ConfirmationRequiredException ex)
        {
            ThrowTerminatingError(ex.ErrorRecord);
        }
    }

    // One record per processing phase that changed something: the approved targets and actions, the parameters
    // without secrets, and how it ended. It never fails the command (what was done is done); a log it could not
    // write is a non-terminating AuditAppendFailed, so a runbook still exits non-zero and the gap is seen. The record
    // goes to the first store that takes it (AuditTrail.Candidates); with no store known at all it is a warning.
    private void WriteAuditRecord(Task work)
    {
        if (!WritesAuditLog || _audited.Take() is not { } actions)
        {
            return;
        }

        var (outcome, errorId) = work.Exception?.InnerException switch
        {
            null when work.IsCanceled || _cancel.IsCancellationRequested => ("Stopped", null),
            null => actions.ErrorId is null ? ("Succeeded", null) : ("Failed", actions.ErrorId),
            OperationCanceledException => ("Stopped", null),
            DrException ex => ("Failed", ex.ErrorId),
            ConfirmationRequiredException => ("Failed", ErrorIds.ConfirmationRequired),
            var other => ("Failed", other.GetType().Name),
        };
        var bound = MyInvocation.BoundParameters.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.OrdinalIgnoreCase);
        var parameters = new Dictionary<string, string>(AuditTrail.Parameters(bound), StringComparer.Ordinal) { ["Action"] = actions.Action };
        var entry = new PubSec.Dr.Audit.AuditEntry(MyInvocation.MyCommand.Name, actions.Target, parameters, outcome, errorId);
        DrException? last = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        foreach (var open in AuditTrail.Candidates(SessionState, bound, SafeAuditRegion()))
        {
            try
            {
                var store = open();
                var record = new PubSec.Dr.Audit.AuditLog(store, PubSec.Dr.Audit.AuditIdentity.Current()).AppendAsync(entry, deadline.Token).GetAwaiter().GetResult();
                WriteVerbose(SecretMask.Apply($"Audit record {record.Sequence} ({outcome}) written to {store.Location}."));
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                last = ex as DrException ?? new DrException(ErrorIds.AuditAppendFailed, DrErrorCategory.WriteError, ex.Message,
                    "Check the audit store.", MyInvocation.MyCommand.Name, ex);
                WriteVerbose(SecretMask.Apply($"The audit record could not be written there: {ex.Message}"));
            }
            catch (OperationCanceledException ex)
            {
                last = new DrException(ErrorIds.AuditAppendFailed, DrErrorCategory.OperationTimeout, "Writing the audit record took longer than a minute.",
                    "Check that the audit store is reachable.", MyInvocation.MyCommand.Name, ex);
                break;
            }
        }

        if (last is null)
        {
            // No store is known for this command (explicit endpoints, no -Store, no environment): nothing to write to,
            // which is a configuration to point out, not a failure of what was done.
            WriteWarning($"{MyInvocation.MyCommand.Name} on {SecretMask.Apply(actions.Target)} was not audited: no store to write the record to. "
                + $"Set {AuditTrail.StoreVariable} to a store location (or give -Store/-Environment) to audit every change.");
            return;
        }

        var failure = DrErrorRecord.From(new DrException(ErrorIds.AuditAppendFailed, last.Category,
            $"{MyInvocation.MyCommand.Name} {outcome.ToLowerInvariant()} on {actions.Target}, but no audit record of it could be written: {last.Message}",
            $"Make the audit store writable (or set {AuditTrail.StoreVariable} to one that is), then record the action with Add-DrAuditRecord.",
            actions.Target, last));
        if (work.IsFaulted)
        {
            // The command's own failure is what the caller must get (-ErrorAction Stop would turn this one into it).
            WriteWarning(failure.ErrorDetails.Message);
        }
        else
        {
            WriteError(failure);
        }
    }

    private PubSec.Dr.Environments.DrRegion? SafeAuditRegion()
    {
        try
        {
            return AuditRegion();
        }
        catch (DrException)
        {
            return null;
        }
    }

    private static void DrainQuietly(BlockingCollection<Action> pump, Task task)
    {
        foreach (var _ in pump.GetConsumingEnumerable())
        {
            // Discard: the pipeline is gone, and running these could block the worker forever.
        }

        try
        {
            task.Wait();
        }
        catch (AggregateException)
        {
        }
    }
}
