namespace PubSec.Dr.Backups.Leases;

/// <summary>
/// How long a lease lasts and how often its holder renews it. The defaults: 5 minutes, renewed every minute.
/// A renewal is one tiny object write a minute, nothing next to a backup's traffic; four renewals in a row may
/// fail (a store hiccup, an SDK retry budget) before anyone may treat the holder as gone; and a holder that was
/// killed blocks retention and cleanup of its folder for at most 5 minutes. Tests shorten both.
/// </summary>
public sealed record LeaseTiming(TimeSpan Duration, TimeSpan RenewEvery)
{
    public static LeaseTiming Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));

    /// <summary>The holder stops trusting its own lease this long before the expiry it last wrote (its clock vs. the readers').</summary>
    public TimeSpan SafetyMargin => Duration / 5;
}
