namespace PubSec.Dr.Redis;

/// <summary>
/// An RDB the server has started to send: the payload as a stream, its length when the server gave one
/// (disk-based sync) or null (diskless), and the replication id and offset the RDB corresponds to.
/// </summary>
public sealed record RdbTransfer(Stream Payload, long? Length, string? ReplicationId, long? ReplicationOffset)
{
    public bool Diskless => Length is null;
}
