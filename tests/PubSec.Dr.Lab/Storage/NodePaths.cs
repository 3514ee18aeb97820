namespace PubSec.Dr.Lab.Storage;

/// <summary>
/// One node's folders, laid out like a Qdrant container's volumes: <c>node-i/storage</c> (collections, temp
/// archives, recovery unpack dirs) and <c>node-i/snapshots</c> (&lt;collection&gt;/*.snapshot and the upload spool).
/// </summary>
internal sealed record NodePaths(string Root)
{
    public string Storage => Path.Combine(Root, "storage");

    public string Snapshots => Path.Combine(Root, "snapshots");

    public string Collections => Path.Combine(Storage, "collections");

    /// <summary>Where snapshot archives are built and recovery archives unpacked (Qdrant's storage/tmp).</summary>
    public string StorageTemp => Path.Combine(Storage, "tmp");

    /// <summary>The multipart upload spool (Qdrant's snapshots/tmp/upload).</summary>
    public string UploadSpool => Path.Combine(Snapshots, "tmp", "upload");

    public string CollectionSnapshots(string collection) => Path.Combine(Snapshots, collection);

    public string CollectionDirectory(string collection) => Path.Combine(Collections, collection);

    public string ShardDirectory(string collection, int shardId) => Path.Combine(Collections, collection, shardId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
