using System.Text.Json.Serialization;

namespace PubSec.Dr;

/// <summary>One stored object of a backup, with the size and SHA-256 measured while it was written.</summary>
public class BackupPart
{
    /// <summary>Object key relative to the store root.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Size of the content (the plaintext when the part is encrypted).</summary>
    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content (the plaintext when the part is encrypted).</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>Size of the bytes in the store when they differ from the content (encrypted parts); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? StoredSize { get; set; }

    /// <summary>SHA-256 of the bytes in the store when they differ from the content (encrypted parts); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StoredSha256 { get; set; }

    /// <summary>How the stored bytes are encrypted; null for a plaintext part.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PartEncryption? Encryption { get; set; }

    /// <summary>The size a store must report for this part.</summary>
    [JsonIgnore]
    public long ExpectedStoredSize => StoredSize ?? Size;

    /// <summary>The SHA-256 the stored bytes must have (what a copy verifies on its destination).</summary>
    [JsonIgnore]
    public string ExpectedStoredSha256 => StoredSha256 ?? Sha256;
}
