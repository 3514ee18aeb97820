using PubSec.Dr.Errors;

namespace PubSec.Dr.Failover;

/// <summary>The journal: opened (resumed, or fresh), its lease renewed while the run works, written after every change.</summary>
public sealed partial class RegionalFailoverEngine
{
    /// <summary>
    /// The journal to work on and whether it resumes an earlier run. What it replaces is remembered: a completed
    /// opposite failover in the same -JournalPath file makes this run a failback (<see cref="FindReverseAsync"/>).
    /// </summary>
    private async Task<(FailoverJournal Journal, bool Resumed)> OpenJournalAsync(FailoverRequest request, CancellationToken ct)
    {
        var existing = await journalStore.ReadAsync(ct).ConfigureAwait(false);
        if (existing is not null && Lease.HeldByOther(existing.Lease, Now()))
        {
            throw new DrException(ErrorIds.FailoverInProgress, DrErrorCategory.ResourceBusy,
                $"A failover of '{request.Environment}' from '{request.From}' to '{request.To}' is already running ({existing.Lease!.Owner}, lease until {existing.Lease.ExpiresAt:u}).",
                $"Wait for it to finish, or, if it was killed on another machine, until its lease expires; the journal is {journalStore.Location}.", journalStore.Location);
        }

        var sameDirection = existing is not null && existing.Environment == request.Environment && existing.From == request.From && existing.To == request.To
            ? existing : null;
        _replaced = existing;
        if (sameDirection is not null && !request.Restart && !sameDirection.IsComplete)
        {
            var first = sameDirection.Steps.FirstOrDefault(s => !Done(s));
            Log.Verbose($"Continuing the failover started at {sameDirection.StartedAt:u} at step {first?.Name} (journal {journalStore.Location}).");
            sameDirection.OutageStartedAt ??= request.OutageStartedAt;
            return (sameDirection, true);
        }

        return (FailoverJournal.Start(request.Environment, request.From, request.To, Now(), request.OutageStartedAt, request.Rebuild), false);
    }

    /// <summary>
    /// The completed opposite failover (To -> From) that moved users to the healthy source, if it is newer than any
    /// run in this direction: the journal this run replaces, else the one in the source region's store. Read only
    /// once the source is known to be healthy; a store that cannot be read means no failback is known.
    /// </summary>
    private async Task<FailoverJournal?> FindReverseAsync(FailoverRequest request, CancellationToken ct)
    {
        var reverse = IsReverse(_replaced, request) ? _replaced : null;
        if (reverse is null && ReverseJournal is not null)
        {
            try
            {
                reverse = await ReverseJournal.ReadAsync(ct).ConfigureAwait(false);
            }
            catch (DrException ex)
            {
                Log.Warning($"The journal of a failover from '{request.To}' to '{request.From}' cannot be read ({ReverseJournal.Location}): {ex.Message}");
            }
        }

        var thisWay = _replaced is not null && _replaced.Environment == request.Environment && _replaced.From == request.From && _replaced.To == request.To ? _replaced : null;
        return IsReverse(reverse, request) && (thisWay is null || thisWay.StartedAt < reverse!.StartedAt) ? reverse : null;
    }

    private static bool IsReverse(FailoverJournal? journal, FailoverRequest request) => journal is not null && journal.IsComplete
        && journal.Environment == request.Environment && journal.From == request.To && journal.To == request.From;

    private async Task RenewAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease.Duration / 3, stop).ConfigureAwait(false);
                await WriteAsync(stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (DrException ex)
        {
            Log.Warning($"The failover lease could not be renewed: {ex.Message}");
        }
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        await _writing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            FailoverJournal snapshot;
            lock (_gate)
            {
                if (_journal.Lease is not null)
                {
                    _journal.Lease = _journal.Lease with { ExpiresAt = Now() + Lease.Duration };
                }

                snapshot = FailoverJournalJson.Deserialize(FailoverJournalJson.Serialize(_journal), journalStore.Location);
            }

            await journalStore.WriteAsync(snapshot, ct).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }
}
