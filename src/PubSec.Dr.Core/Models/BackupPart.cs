namespace PubSec.Dr;

/// <summary>One stored object of a backup, with the size and SHA-256 measured while it was written.</summary>
public class BackupPart
{
    /// <summary>Object key relative to the store root.</summary>
    public string Key { get; set; } = string.Empty;

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the stored bytes.</summary>
    public string Sha256 { get; set; } = string.Empty;
}
