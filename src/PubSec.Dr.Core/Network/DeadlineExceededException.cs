namespace PubSec.Dr.Network;

/// <summary>
/// A deadline of <see cref="NetworkDeadlines"/> ran out (not the caller's cancellation). Each client maps it to
/// its own id'd timeout error (QdrantTimeout, StoreTimeout, RedisTimeout, KubernetesTimeout).
/// </summary>
public sealed class DeadlineExceededException : TimeoutException
{
    public DeadlineExceededException(string doing, TimeSpan timeout, Exception? inner = null)
        : base($"No answer within {Seconds(timeout)} s while {doing}.", inner)
    {
        Doing = doing;
        Timeout = timeout;
    }

    public string Doing { get; }

    public TimeSpan Timeout { get; }

    public static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
