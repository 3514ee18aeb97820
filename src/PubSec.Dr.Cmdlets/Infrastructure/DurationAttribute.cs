using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Commands.Infrastructure;

/// <summary>Which documented range a duration parameter has (see <see cref="DurationRange"/>).</summary>
public enum DurationKind
{
    Connect,
    Request,
    Wait,
    RetentionAge,
}

/// <summary>
/// On every TimeSpan parameter: a bare number means seconds (60 is one minute; PowerShell alone would read it as
/// 60 ticks, 6 microseconds), a TimeSpan or a string such as '00:30:00' binds as usual. The range is checked
/// when the cmdlet starts, before anything changes (<see cref="Check"/>), so a value out of range fails with
/// DurationOutOfRange instead of half-way through a restore.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationAttribute : ArgumentTransformationAttribute
{
    public DurationAttribute(DurationKind kind) => Kind = kind;

    public DurationKind Kind { get; }

    public DurationRange Range => Kind switch
    {
        DurationKind.Connect => DurationRange.Connect,
        DurationKind.Request => DurationRange.Request,
        DurationKind.Wait => DurationRange.Wait,
        _ => DurationRange.RetentionAge,
    };

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal =>
                Seconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            string text when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => Seconds(number),
            _ => inputData,
        };
    }

    /// <summary>Throws DurationOutOfRange for the first bound duration parameter of <paramref name="cmdlet"/> outside its range.</summary>
    public static void Check(PSCmdlet cmdlet)
    {
        foreach (var (name, value) in cmdlet.MyInvocation.BoundParameters)
        {
            if (value is TimeSpan span && cmdlet.GetType().GetProperty(name)?.GetCustomAttribute<DurationAttribute>() is { } duration)
            {
                duration.Range.Check("-" + name, span);
            }
        }
    }

    private static TimeSpan Seconds(double seconds)
    {
        if (double.IsNaN(seconds))
        {
            throw new ArgumentTransformationMetadataException("A duration must be a number of seconds or a TimeSpan, not NaN.");
        }

        // Beyond what a TimeSpan holds: saturate, so the range check reports it as too long (or negative).
        return seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue
            : seconds <= TimeSpan.MinValue.TotalSeconds ? TimeSpan.MinValue
            : TimeSpan.FromSeconds(seconds);
    }
}
