namespace PubSec.Dr.Reports.Charts;

/// <summary>
/// The value axis of a chart drawn against a reference (an RTO target, the backup-age alert). The reference is on
/// the scale when it is at most four times the largest value; beyond that, bars scaled to it would be slivers
/// (a lab drill of 40 s against a 2 h target is 0.6% of it), so the scale fits the values and the chart says in
/// words how far the reference is.
/// </summary>
internal sealed record ChartScale(double Max, bool ReferenceOnScale)
{
    public const double ReferenceReach = 4;

    public static ChartScale For(double largestValue, double reference)
    {
        largestValue = Math.Max(largestValue, 0);
        if (reference <= 0)
        {
            return new ChartScale(largestValue > 0 ? largestValue * 1.08 : 1, false);
        }

        return largestValue == 0 || reference <= largestValue * ReferenceReach
            ? new ChartScale(Math.Max(largestValue, reference) * 1.08, true)
            : new ChartScale(largestValue * 1.08, false);
    }

    /// <summary>Round tick steps in seconds (1 s .. 1 week) so that at most six ticks fit.</summary>
    public IEnumerable<double> Ticks()
    {
        double[] steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];
        var step = steps.FirstOrDefault(s => Max / s <= 6);
        if (step == 0)
        {
            step = Math.Ceiling(Max / 6);
        }

        for (var t = 0.0; t <= Max; t += step)
        {
            yield return t;
        }
    }
}
