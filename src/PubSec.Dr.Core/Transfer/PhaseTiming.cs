namespace PubSec.Dr.Transfer;

/// <summary>
/// Where a run's time went, per phase: Seconds is the time spent in that phase summed over every part (parts run
/// side by side, so phases of a run can add up to more than its wall time), Bytes what the phase handled.
/// </summary>
public sealed record PhaseTiming(string Phase, double Seconds, long Bytes)
{
    /// <summary>The phase's own rate (bytes over the time spent in it); null for phases that move no bytes.</summary>
    public double? MegabytesPerSecond => Bytes > 0 && Seconds > 0 ? Math.Round(Bytes / 1048576.0 / Seconds, 1) : null;

    public override string ToString() => MegabytesPerSecond is { } rate
        ? $"{Phase} {Seconds:0.000} s {rate} MB/s"
        : $"{Phase} {Seconds:0.000} s";
}
