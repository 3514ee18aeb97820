using System.Diagnostics;

namespace PubSec.Dr.Transfer;

/// <summary>
/// Adds up the time a run spends in each named phase, from any thread; phases are reported in the order they were
/// first used. It costs two timestamp reads per measured call, so it stays on in production: the breakdown comes
/// with every backup and the benchmark reads it from there, not from a special build.
/// </summary>
public sealed class PhaseClock
{
    private readonly object _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, (long Ticks, long Bytes)> _phases = new(StringComparer.Ordinal);

    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="startedAt"/> (a <see cref="Now"/> value) and the bytes to the phase.</summary>
    public void Add(string phase, long startedAt, long bytes = 0)
    {
        var ticks = Stopwatch.GetTimestamp() - startedAt;
        lock (_gate)
        {
            if (!_phases.TryGetValue(phase, out var sum))
            {
                _order.Add(phase);
            }

            _phases[phase] = (sum.Ticks + ticks, sum.Bytes + bytes);
        }
    }

    /// <summary>Times an awaited step as one phase.</summary>
    public async Task<T> TimeAsync<T>(string phase, Func<Task<T>> step, long bytes = 0)
    {
        var started = Now;
        try
        {
            return await step().ConfigureAwait(false);
        }
        finally
        {
            Add(phase, started, bytes);
        }
    }

    public async Task TimeAsync(string phase, Func<Task> step)
    {
        var started = Now;
        try
        {
            await step().ConfigureAwait(false);
        }
        finally
        {
            Add(phase, started);
        }
    }

    public PhaseTiming[] Snapshot()
    {
        lock (_gate)
        {
            return _order.Select(p => new PhaseTiming(p, _phases[p].Ticks / (double)Stopwatch.Frequency, _phases[p].Bytes)).ToArray();
        }
    }
}
