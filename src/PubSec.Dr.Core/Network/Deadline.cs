namespace PubSec.Dr.Network;

/// <summary>
/// Runs one call under a deadline linked to the caller's token. When the deadline (not the caller) cancels it,
/// whatever the client threw for that (OperationCanceledException, IOException, an SDK wrapper) becomes one
/// <see cref="DeadlineExceededException"/>; the caller's own Ctrl+C passes through unchanged.
/// </summary>
internal static class Deadline
{
    public static async Task<T> RunAsync<T>(TimeSpan timeout, string doing, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            return await call(limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Expired(limit, ct, ex))
        {
            throw new DeadlineExceededException(doing, timeout, ex);
        }
    }

    public static Task RunAsync(TimeSpan timeout, string doing, Func<CancellationToken, Task> call, CancellationToken ct) =>
        RunAsync<bool>(timeout, doing, async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>True when <paramref name="limit"/> fired on its own and <paramref name="ex"/> is what that did.</summary>
    public static bool Expired(CancellationTokenSource limit, CancellationToken ct, Exception ex) =>
        limit.IsCancellationRequested && !ct.IsCancellationRequested && ex is not DeadlineExceededException and not Errors.DrException;
}
