namespace PubSec.Dr.Network;

/// <summary>
/// A request body that may stop on purpose before its end (a restore holding back an upload's last bytes until it is
/// that node's turn to recover). It reports the pause, so the idle deadline of the upload does not count it.
/// </summary>
public interface IPausingBody
{
    /// <summary>Called with true when the body starts waiting, with false when it goes on.</summary>
    Action<bool>? Pausing { get; set; }

    /// <summary>Runs <paramref name="wait"/> as a reported pause of <paramref name="body"/>: announced before, ended after, also on failure.</summary>
    public static async Task PauseForAsync(IPausingBody body, Func<CancellationToken, Task> wait, CancellationToken ct)
    {
        body.Pausing?.Invoke(true);
        try
        {
            await wait(ct).ConfigureAwait(false);
        }
        finally
        {
            body.Pausing?.Invoke(false);
        }
    }
}
