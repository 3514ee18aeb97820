using System.Globalization;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Operations;

/// <summary>What a duration parameter may be: positive (or 0, where 0 turns a rule off) and at most a maximum.</summary>
public sealed class DurationRange
{
    private DurationRange(TimeSpan minimum, TimeSpan maximum, bool zeroTurnsOff)
    {
        Minimum = minimum;
        Maximum = maximum;
        ZeroTurnsOff = zeroTurnsOff;
    }

    /// <summary>Connecting (TCP and TLS) to a service.</summary>
    public static DurationRange Connect { get; } = new(TimeSpan.Zero, TimeSpan.FromMinutes(10), false);

    /// <summary>One request, or the wait for the next bytes of a transfer.</summary>
    public static DurationRange Request { get; } = new(TimeSpan.Zero, TimeSpan.FromDays(1), false);

    /// <summary>Long waits that poll (a snapshot appearing, a cluster converging, pods coming back).</summary>
    public static DurationRange Wait { get; } = new(TimeSpan.Zero, TimeSpan.FromDays(7), false);

    /// <summary>A retention age: 0 turns the rule off; anything under an hour is a mistake that would delete fresh backups.</summary>
    public static DurationRange RetentionAge { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromDays(36500), true);

    /// <summary>Exclusive lower bound for a positive duration (0 here means "more than 0"), inclusive otherwise.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>
    /// Inclusive upper bound. Every maximum is far below what CancellationTokenSource.CancelAfter and Task.Delay
    /// accept (about 49.7 days) and what DateTime arithmetic can represent, so [TimeSpan]::MaxValue fails here,
    /// before anything changes, instead of as an overflow half-way through a restore.
    /// </summary>
    public TimeSpan Maximum { get; }

    public bool ZeroTurnsOff { get; }

    public bool Contains(TimeSpan value) =>
        (ZeroTurnsOff && value == TimeSpan.Zero)
        || (value <= Maximum && (Minimum == TimeSpan.Zero ? value > TimeSpan.Zero : value >= Minimum));

    /// <summary>The value, or DurationOutOfRange naming the parameter, the value and the range.</summary>
    public TimeSpan Check(string parameter, TimeSpan value)
    {
        if (Contains(value))
        {
            return value;
        }

        throw new DrException(ErrorIds.DurationOutOfRange, DrErrorCategory.InvalidArgument,
            $"{parameter} is {Text(value)}, but it must be {Describe()}.",
            "Give a duration such as '00:30:00' (30 minutes) or (New-TimeSpan -Minutes 30). A bare number means seconds: 1800 is 30 minutes.",
            parameter);
    }

    public string Describe()
    {
        var low = Minimum == TimeSpan.Zero ? "more than 0" : $"at least {Text(Minimum)}";
        return (ZeroTurnsOff ? "0 (off), or " : string.Empty) + $"{low} and at most {Text(Maximum)}";
    }

    private static string Text(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
