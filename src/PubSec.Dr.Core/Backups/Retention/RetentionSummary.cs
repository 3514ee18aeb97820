namespace PubSec.Dr.Backups.Retention;

/// <summary>The totals of one retention run.</summary>
public sealed record RetentionSummary(int Kept, int Deleted, int Failed, int Declined, long BytesFreed)
{
    public override string ToString() =>
        $"Retention: kept {Kept}, deleted {Deleted}, failed {Failed}, not confirmed {Declined}, bytes freed {BytesFreed}.";
}
