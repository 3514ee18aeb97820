using System.Diagnostics;

namespace PubSec.Dr.Backups.Leases;

/// <summary>
/// Who this process is, as written into a lease, and whether another lease's holder is provably gone: a holder
/// on this same host (and pid namespace) whose process no longer runs cannot renew, so its lease need not be
/// waited out. That is what lets an operator re-run a backup right after killing one (kill -9, OOM) instead of
/// waiting for the lease to expire; a holder on another host is judged by its expiry alone.
/// </summary>
internal static class LeaseHolder
{
    // Start times read by two processes from the same kernel differ only by rounding; a reused pid differs by far more.
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    private static readonly Lazy<(string Host, string? PidNamespace, int ProcessId, DateTime? StartedAt)> Current = new(() =>
    {
        using var self = Process.GetCurrentProcess();
        return (Environment.MachineName, PidNamespaceOf("self"), Environment.ProcessId, StartTimeOf(self));
    });

    public static void Stamp(LeaseRecord record)
    {
        var (host, pidNamespace, processId, startedAt) = Current.Value;
        record.Host = host;
        record.PidNamespace = pidNamespace;
        record.ProcessId = processId;
        record.ProcessStartedAt = startedAt;
    }

    public static bool IsProvablyGone(LeaseRecord record)
    {
        var (host, pidNamespace, _, _) = Current.Value;
        if (!string.Equals(record.Host, host, StringComparison.OrdinalIgnoreCase) || record.PidNamespace != pidNamespace || record.ProcessId <= 0)
        {
            return false;
        }

        if (IsZombie(record.ProcessId))
        {
            // Killed, and not yet reaped by its parent (or by an init that reaps late): it will never renew.
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(record.ProcessId);
            var started = StartTimeOf(process);
            // The pid now belongs to another process (reused after the holder died).
            return record.ProcessStartedAt is { } recorded && started is { } actual && (actual - recorded).Duration() > StartTimeTolerance;
        }
        catch (ArgumentException)
        {
            // No process with that id: the holder has exited.
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static bool IsZombie(int processId)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var state = stat[(stat.LastIndexOf(')') + 1)..].TrimStart();
            return state.Length > 0 && state[0] is 'Z' or 'X';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static DateTime? StartTimeOf(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    private static string? PidNamespaceOf(string process)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return new FileInfo($"/proc/{process}/ns/pid").LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
