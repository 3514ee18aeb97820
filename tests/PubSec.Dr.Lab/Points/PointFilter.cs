namespace PubSec.Dr.Lab.Points;

/// <summary>Qdrant's boolean filter: all of must, at least one of should (when given), none of must_not.</summary>
internal sealed record PointFilter(IReadOnlyList<PointCondition> Must, IReadOnlyList<PointCondition> Should, IReadOnlyList<PointCondition> MustNot)
{
    public bool Matches(StoredPoint point) =>
        Must.All(c => c.Matches(point))
        && (Should.Count == 0 || Should.Any(c => c.Matches(point)))
        && !MustNot.Any(c => c.Matches(point));

    public static bool Accepts(PointFilter? filter, StoredPoint point) => filter is null || filter.Matches(point);
}
