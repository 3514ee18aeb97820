namespace PubSec.Dr.Failover;

/// <summary>The journal in a local file (-JournalPath), replaced atomically so a kill never leaves half a journal.</summary>
public sealed class FileFailoverJournalStore(string path) : IFailoverJournalStore
{
    public string Location => path;

    public async Task<FailoverJournal?> ReadAsync(CancellationToken ct) =>
        File.Exists(path) ? FailoverJournalJson.Deserialize(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false), path) : null;

    public async Task WriteAsync(FailoverJournal journal, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, FailoverJournalJson.Serialize(journal), CancellationToken.None).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
