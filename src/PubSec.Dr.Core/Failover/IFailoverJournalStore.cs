namespace PubSec.Dr.Failover;

/// <summary>Where a failover journal is kept: a file (-JournalPath) or the target region's backup store.</summary>
public interface IFailoverJournalStore
{
    /// <summary>A path or store key, for the result and messages.</summary>
    string Location { get; }

    /// <summary>The journal, or null when there is none yet.</summary>
    Task<FailoverJournal?> ReadAsync(CancellationToken ct);

    Task WriteAsync(FailoverJournal journal, CancellationToken ct);
}
