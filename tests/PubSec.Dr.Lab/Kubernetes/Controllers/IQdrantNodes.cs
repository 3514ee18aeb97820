namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The Qdrant nodes the emulated pods run, driven in-process through the lab's own stop/start/wipe code (the same
/// code as the admin API), so a pod's lifecycle and its node's listeners can never disagree.
/// </summary>
internal interface IQdrantNodes
{
    int Count { get; }

    bool IsRunning(int index);

    string RestUri(int index);

    Task StartAsync(int index);

    Task StopAsync(int index);

    /// <summary>Deletes a stopped node's storage, as losing its volume.</summary>
    Task WipeAsync(int index);

    /// <summary>
    /// Called after a wipe. Qdrant keeps its Raft state and collection metadata in the storage volume, so once no
    /// node's storage survives the cluster has forgotten its collections; the lab keeps consensus outside the
    /// node folders and must drop them itself, or the wiped nodes would come back expecting shards no one has.
    /// </summary>
    void ForgetClusterStateIfNoStorageSurvives();
}
