namespace PubSec.Dr.Lab.Cluster;

/// <summary>A running shard transfer as listed in `shard_transfers` (node indexes; peer ids are resolved for output).</summary>
internal sealed record ShardTransfer(string Collection, int ShardId, int FromNode, int ToNode, bool Sync)
{
    /// <summary>Qdrant's default transfer method; shown so clients see a realistic entry.</summary>
    public const string Method = "stream_records";
}
