namespace PubSec.Dr.Lab.Dns;

/// <summary>The record sets of a zone at one moment; compared by content so the server can see a change.</summary>
internal sealed class ZoneSnapshot : IEquatable<ZoneSnapshot>
{
    public ZoneSnapshot(string zone, IEnumerable<ZoneRecordSet> recordSets)
    {
        Zone = ZoneRecordSet.NormalizeName(zone);
        RecordSets = recordSets.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        Key = string.Join("\n", RecordSets.Select(r => r.Key));
    }

    public string Zone { get; }
    public IReadOnlyList<ZoneRecordSet> RecordSets { get; }
    public string Key { get; }

    public IEnumerable<ZoneRecordSet> At(string name) => RecordSets.Where(r => r.Name == name);

    /// <summary>True when the name owns records or is an ancestor of a name that does (an empty non-terminal).</summary>
    public bool NameExists(string name) =>
        name == Zone || RecordSets.Any(r => r.Name == name || r.Name.EndsWith("." + name, StringComparison.Ordinal));

    public bool Equals(ZoneSnapshot? other) => other is not null && Zone == other.Zone && Key == other.Key;
    public override bool Equals(object? obj) => Equals(obj as ZoneSnapshot);
    public override int GetHashCode() => HashCode.Combine(Zone, Key);
}
