namespace PubSec.Dr.Drills;

/// <summary>The leftover sweep's watch over a killed drill's collection: stay gone for Quiet, looked for every Poll, give up after Limit.</summary>
internal sealed record LeftoverWatch(TimeSpan Quiet, TimeSpan Poll, TimeSpan Limit)
{
    public static readonly LeftoverWatch Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5));
}
