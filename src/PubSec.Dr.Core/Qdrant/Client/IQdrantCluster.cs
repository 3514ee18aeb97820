namespace PubSec.Dr.Qdrant.Client;

/// <summary>
/// One Qdrant cluster as the engines see it: every node given (in the order given, which is the order of a backup's
/// parts) and the cluster-wide point operations. Made by the backend factory; whoever asked for it disposes it.
/// </summary>
public interface IQdrantCluster : IDisposable
{
    IReadOnlyList<IQdrantNode> Nodes { get; }

    IQdrantPoints Points { get; }
}
