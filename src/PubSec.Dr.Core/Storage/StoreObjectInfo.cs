namespace PubSec.Dr.Storage;

/// <summary>What a store knows about one stored object without reading it.</summary>
public sealed record StoreObjectInfo(string Key, long Size, DateTime LastModifiedUtc);
