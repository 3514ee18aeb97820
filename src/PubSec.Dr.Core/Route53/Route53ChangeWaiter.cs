using System.Diagnostics;

namespace PubSec.Dr.Route53;

/// <summary>
/// Polls GetChange until a change is INSYNC (on all of Route53's authoritative servers), like botocore's
/// ResourceRecordSetsChanged waiter but with the interval and deadline the caller chooses.
/// </summary>
public static class Route53ChangeWaiter
{
    public static async Task<Route53ChangeInfo> WaitInSyncAsync(IRoute53Client client, Route53ChangeInfo change, TimeSpan interval, TimeSpan timeout,
        CancellationToken cancellationToken, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        delay ??= Task.Delay;
        var clock = Stopwatch.StartNew();
        var current = change;
        var waited = TimeSpan.Zero;
        while (!current.IsInSync)
        {
            // Waited time counts as well as the clock, so a test's instant delay still reaches the deadline.
            if (clock.Elapsed >= timeout || waited >= timeout)
            {
                throw Route53Errors.NotInSync(client.Endpoint, change.Id, current.Status, timeout);
            }

            await delay(interval, cancellationToken).ConfigureAwait(false);
            waited += interval;
            current = await client.GetChangeAsync(change.Id, cancellationToken).ConfigureAwait(false);
        }

        return current;
    }
}
