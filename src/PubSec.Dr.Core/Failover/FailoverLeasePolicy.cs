using System.Diagnostics;

namespace PubSec.Dr.Failover;

/// <summary>
/// Who this run is, and whether another run's lease still holds. A lease expires (a killed run on another machine
/// blocks for at most its duration); on the same machine a lease whose process is gone is free at once, so the
/// operator who killed a run can start it again without waiting.
/// </summary>
public sealed class FailoverLeasePolicy
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(2);

    public TimeSpan Duration { get; init; } = DefaultDuration;

    /// <summary>host/pid/random: unique per run, and tells whether the process still lives.</summary>
    public string Owner { get; init; } = $"{System.Environment.MachineName}/{System.Environment.ProcessId}/{Guid.NewGuid():N}";

    public Func<int, bool> ProcessAlive { get; init; } = IsAlive;

    public bool HeldByOther(FailoverLease? lease, DateTimeOffset now)
    {
        if (lease is null || lease.Owner == Owner || lease.ExpiresAt <= now)
        {
            return false;
        }

        var parts = lease.Owner.Split('/');
        var sameHost = parts.Length == 3 && parts[0] == System.Environment.MachineName;
        return !(sameHost && int.TryParse(parts[1], out var pid) && !ProcessAlive(pid));
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
