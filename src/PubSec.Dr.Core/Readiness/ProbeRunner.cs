using System.Diagnostics;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Readiness;

/// <summary>
/// Runs a probe under its own timeout. The probe's token is cancelled at the timeout, and the runner stops waiting
/// then even if the probe ignores it (a client blocked in a call that takes no token): one hanging backend costs
/// its own check, never the whole readiness answer.
/// </summary>
internal static class ProbeRunner
{
    public static async Task<IReadOnlyList<ReadinessCheck>> RunAsync(ReadinessProbe probe, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var work = Task.Run(() => probe.Run(deadline.Token), CancellationToken.None);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var finished = await Task.WhenAny(work, Task.Delay(timeout, waiting.Token)).ConfigureAwait(false);
        // The timer goes as soon as the probe answers, instead of ticking on for the rest of the timeout.
        await waiting.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (finished != work)
        {
            // Left to finish on its own; its failure, when it comes, must not go unobserved.
            _ = work.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return [TimedOut(probe, timeout, clock.Elapsed)];
        }

        try
        {
            return await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return [TimedOut(probe, timeout, clock.Elapsed)];
        }
        catch (DrException ex)
        {
            return [ReadinessChecks.Make(probe.Category, probe.Name, ReadinessStatus.Failed, probe.Expected, ex.Message, clock.Elapsed, ex.RecommendedAction)];
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            // An unexpected failure of one backend's client is that backend's failed check, not the end of the run.
            return [ReadinessChecks.Make(probe.Category, probe.Name, ReadinessStatus.Failed, probe.Expected,
                SecretMask.Apply($"{ex.GetType().Name}: {ex.Message}") ?? string.Empty, clock.Elapsed, "Run the check again with -Verbose; report the error if it persists.")];
        }
    }

    private static ReadinessCheck TimedOut(ReadinessProbe probe, TimeSpan timeout, TimeSpan elapsed) =>
        ReadinessChecks.Make(probe.Category, probe.Name, ReadinessStatus.Failed, probe.Expected,
            $"no answer within {timeout.TotalSeconds:0.###} s (-CheckTimeout)", elapsed,
            "Check that the service is up and reachable from here; a slow but healthy service needs a longer -CheckTimeout.");
}
