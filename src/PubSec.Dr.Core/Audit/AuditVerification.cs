using PubSec.Dr.Errors;

namespace PubSec.Dr.Audit;

/// <summary>
/// What Test-DrAuditLog found: Passed, or Failed with the first broken or missing record named (sequence and key)
/// and why, plus the error (AuditLogBroken) a cmdlet emits next to the result.
/// </summary>
public sealed class AuditVerification
{
    public const string Passed = "Passed";
    public const string Failed = "Failed";

    public string Store { get; init; } = string.Empty;

    public string Verdict { get; init; } = Passed;

    /// <summary>How many records were checked (on failure, the records before the broken one).</summary>
    public long RecordCount { get; init; }

    public long? FirstSequence { get; init; }

    public long? LastSequence { get; init; }

    /// <summary>The hash of the newest record checked: keep it elsewhere to detect a later rewrite of the whole tail.</summary>
    public string? HeadHash { get; init; }

    public long? BrokenSequence { get; init; }

    public string? BrokenKey { get; init; }

    public string? Reason { get; init; }

    /// <summary>The error for a failed verification (AuditLogBroken, InvalidData); null when it passed.</summary>
    public DrException? Error { get; init; }

    public override string ToString() => Verdict == Passed ? $"{Verdict} ({RecordCount} records)" : $"{Verdict}: {Reason}";
}
