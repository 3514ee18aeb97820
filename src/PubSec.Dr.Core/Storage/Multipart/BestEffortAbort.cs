namespace PubSec.Dr.Storage.Multipart;

/// <summary>
/// Runs the store call that gives up an unfinished upload (abort a multipart upload, discard staged blocks). It
/// has its own deadline, because the caller's token is usually the one that was just cancelled. A failure is
/// swallowed: the abort runs because something else failed, and that error must be the one the user sees. What
/// an abort leaves behind is invisible and is removed by the next run's RemoveIncompleteUploadsAsync.
/// </summary>
internal static class BestEffortAbort
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(Func<CancellationToken, Task> abort)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await abort(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // See the summary: never hide the error that caused the abort.
        }
    }
}
