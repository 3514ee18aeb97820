namespace PubSec.Dr.Operations;

/// <summary>
/// How long to wait before looking again at something that finishes on its own (a snapshot being written, a
/// cluster re-syncing its replicas): a tenth of the time waited so far, between 25 ms and 5 s. The end is then
/// seen at most about 10 % after it happened (a fixed backoff from 200 ms overshot a 2 s re-sync by half), while
/// a two-hour wait costs one look every 5 s, about a hundred and fifty in all.
/// </summary>
public static class PollDelay
{
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(25);
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(5);

    public static TimeSpan After(TimeSpan elapsed) =>
        TimeSpan.FromMilliseconds(Math.Clamp(elapsed.TotalMilliseconds / 10, Minimum.TotalMilliseconds, Maximum.TotalMilliseconds));
}
