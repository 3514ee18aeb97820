namespace PubSec.Dr.Lab.Dns;

/// <summary>
/// What the server answers from: every change observed in Route53 becomes visible only after the propagation
/// delay, in the order observed, so "changed in Route53 but not yet served" is a real state in the lab (as it is
/// for Route53's own name servers while a change is PENDING). The first observed state is published at once: it is
/// the zone as it already was when the server started, not a change.
/// </summary>
internal sealed class PropagatingZone(TimeSpan delay)
{
    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset Due, ZoneSnapshot Snapshot)> _pending = new();
    private ZoneSnapshot? _lastObserved;
    private ZoneSnapshot? _published;

    public TimeSpan Delay { get; } = delay;

    public void Observe(ZoneSnapshot observed, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_lastObserved is null) { _lastObserved = _published = observed; return; }
            if (observed.Equals(_lastObserved)) return;
            _lastObserved = observed;
            _pending.Enqueue((now + Delay, observed));
        }
    }

    /// <summary>The state to answer from at <paramref name="now"/>; null until the first listing arrived.</summary>
    public ZoneSnapshot? Current(DateTimeOffset now)
    {
        lock (_gate)
        {
            while (_pending.Count > 0 && _pending.Peek().Due <= now) _published = _pending.Dequeue().Snapshot;
            return _published;
        }
    }
}
