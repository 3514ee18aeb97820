namespace PubSec.Dr.Audit;

/// <summary>
/// One record of the audit log as stored (audit/records/&lt;sequence&gt;.json), plus where it is and the SHA-256 of
/// its stored bytes, which the next record holds as its PreviousHash.
/// </summary>
public sealed class AuditRecord
{
    public long Sequence { get; init; }

    /// <summary>When the record was written, UTC to the millisecond.</summary>
    public DateTime Time { get; init; }

    public string Identity { get; init; } = string.Empty;

    public string Host { get; init; } = string.Empty;

    public string Command { get; init; } = string.Empty;

    public string Target { get; init; } = string.Empty;

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public string Outcome { get; init; } = string.Empty;

    public string? ErrorId { get; init; }

    /// <summary>Hex SHA-256 of the previous record's stored bytes; 64 zeros for the first record.</summary>
    public string PreviousHash { get; init; } = string.Empty;

    /// <summary>Hex SHA-256 of this record's stored bytes.</summary>
    public string Hash { get; init; } = string.Empty;

    public string Key { get; init; } = string.Empty;

    /// <summary>The store's display location (no secret).</summary>
    public string Store { get; init; } = string.Empty;

    public string Format { get; init; } = AuditRecordDocument.Format;

    public override string ToString() => $"{Sequence} {Command} {Target} {Outcome}";
}
