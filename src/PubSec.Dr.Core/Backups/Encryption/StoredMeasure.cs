namespace PubSec.Dr.Backups.Encryption;

/// <summary>What the stored (encrypted) bytes of a part measured in the pass that wrote or read them.</summary>
public sealed record StoredMeasure(long Bytes, string Sha256);
