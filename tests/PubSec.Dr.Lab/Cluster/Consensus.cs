using System.Security.Cryptography;
using System.Text.Json;
using PubSec.Dr.Lab.Config;
using PubSec.Dr.Lab.Engine;
using PubSec.Dr.Lab.Storage;

namespace PubSec.Dr.Lab.Cluster;

/// <summary>
/// The cluster metadata every node agrees on, standing in for Qdrant's Raft: one lock, and every change is
/// written to cluster.json before it is visible. Running shard transfers are kept in memory only; a restart
/// re-derives them from Dead replicas.
/// </summary>
internal sealed class Consensus
{
    private static readonly JsonSerializerOptions FileFormat = new() { WriteIndented = true };

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly ClusterDocument _document;
    private readonly Dictionary<string, CollectionState> _collections = new(StringComparer.Ordinal);
    private readonly List<ShardTransfer> _transfers = [];
    private long _commit;

    private Consensus(string path, ClusterDocument document)
    {
        _path = path;
        _document = document;
        foreach (var (name, collection) in document.Collections)
        {
            _collections[name] = ToState(name, collection);
        }
    }

    public IReadOnlyList<NodeIdentity> Nodes => _document.Nodes;

    public int AdminPort => _document.AdminPort;

    public long CommitIndex
    {
        get
        {
            lock (_gate)
            {
                return _commit;
            }
        }
    }

    /// <summary>Loads cluster.json, or creates a cluster of <paramref name="nodeCount"/> nodes with fresh peer ids and unbound ports.</summary>
    public static Consensus LoadOrCreate(string dataDirectory, int? nodeCount)
    {
        var path = Path.Combine(dataDirectory, "cluster.json");
        if (File.Exists(path))
        {
            var document = JsonSerializer.Deserialize<ClusterDocument>(File.ReadAllText(path), FileFormat)
                ?? throw new LabStartupException($"{path} is empty.");
            if (nodeCount is { } wanted && wanted != document.Nodes.Count)
            {
                throw new LabStartupException(
                    $"{path} describes a {document.Nodes.Count}-node cluster but --nodes {wanted} was given; use another --data folder.");
            }

            return new Consensus(path, document);
        }

        var created = new ClusterDocument
        {
            Nodes = Enumerable.Range(0, nodeCount ?? 3).Select(i => new NodeIdentity { Index = i, PeerId = NewPeerId() }).ToList(),
        };
        var consensus = new Consensus(path, created);
        consensus.Save();
        return consensus;
    }

    public void SetPorts(int adminPort, IReadOnlyList<(int RestPort, int GrpcPort)> nodePorts)
    {
        lock (_gate)
        {
            _document.AdminPort = adminPort;
            for (var i = 0; i < nodePorts.Count; i++)
            {
                _document.Nodes[i].RestPort = nodePorts[i].RestPort;
                _document.Nodes[i].GrpcPort = nodePorts[i].GrpcPort;
            }

            Save();
        }
    }

    public IReadOnlyList<string> CollectionNames()
    {
        lock (_gate)
        {
            return _collections.Keys.Order(StringComparer.Ordinal).ToList();
        }
    }

    public CollectionState? Find(string name)
    {
        lock (_gate)
        {
            return _collections.GetValueOrDefault(name);
        }
    }

    public CollectionState Get(string name) => Find(name) ?? throw QdrantException.CollectionNotFound(name);

    /// <summary>Registers a collection with the deterministic placement; Qdrant answers a duplicate with 400 "already exists".</summary>
    public CollectionState Create(string name, CollectionConfig config)
    {
        lock (_gate)
        {
            if (_collections.ContainsKey(name))
            {
                throw QdrantException.BadInput($"Collection `{name}` already exists!");
            }

            var document = new CollectionDocument { Config = config.ToJson(), CreatedAt = DateTime.UtcNow };
            for (var shard = 0; shard < config.ShardNumber; shard++)
            {
                document.Shards[shard] = new SortedDictionary<int, ReplicaState>(
                    ShardPlacement.NodesFor(shard, config.ReplicationFactor, _document.Nodes.Count).ToDictionary(n => n, _ => ReplicaState.Active));
            }

            _document.Collections[name] = document;
            return Commit(name);
        }
    }

    public bool Delete(string name)
    {
        lock (_gate)
        {
            if (!_document.Collections.Remove(name))
            {
                return false;
            }

            _collections.Remove(name);
            _transfers.RemoveAll(t => t.Collection == name);
            _commit++;
            Save();
            return true;
        }
    }

    /// <summary>Sets (or adds) a node's replica of a shard; a missing collection is ignored because it was deleted meanwhile.</summary>
    public void SetReplica(string name, int shardId, int node, ReplicaState state)
    {
        lock (_gate)
        {
            if (_document.Collections.TryGetValue(name, out var document))
            {
                if (!document.Shards.TryGetValue(shardId, out var replicas))
                {
                    document.Shards[shardId] = replicas = [];
                }

                replicas[node] = state;
                Commit(name);
            }
        }
    }

    /// <summary>
    /// Sets a node's replica of a shard only while it is still in <paramref name="expected"/>: a consensus proposal
    /// with from_state, as Qdrant's recovery sends it to give a data-less shard its state back.
    /// </summary>
    public void SetReplicaIf(string name, int shardId, int node, ReplicaState expected, ReplicaState state)
    {
        lock (_gate)
        {
            if (_document.Collections.TryGetValue(name, out var document) && document.Shards.TryGetValue(shardId, out var replicas)
                && replicas.TryGetValue(node, out var current) && current == expected)
            {
                replicas[node] = state;
                Commit(name);
            }
        }
    }

    public void RemoveReplica(string name, int shardId, int node)
    {
        lock (_gate)
        {
            if (_document.Collections.TryGetValue(name, out var document) && document.Shards.TryGetValue(shardId, out var replicas)
                && replicas.Remove(node))
            {
                Commit(name);
            }
        }
    }

    public IReadOnlyList<ShardTransfer> Transfers(string collection)
    {
        lock (_gate)
        {
            return _transfers.Where(t => t.Collection == collection).ToList();
        }
    }

    /// <summary>Registers a transfer unless one already feeds that replica.</summary>
    public bool TryAddTransfer(ShardTransfer transfer)
    {
        lock (_gate)
        {
            if (_transfers.Any(t => t.Collection == transfer.Collection && t.ShardId == transfer.ShardId && t.ToNode == transfer.ToNode))
            {
                return false;
            }

            _transfers.Add(transfer);
            _commit++;
            return true;
        }
    }

    public void RemoveTransfer(ShardTransfer transfer)
    {
        lock (_gate)
        {
            _transfers.Remove(transfer);
            _commit++;
        }
    }

    private CollectionState Commit(string name)
    {
        var state = ToState(name, _document.Collections[name]);
        _collections[name] = state;
        _commit++;
        Save();
        return state;
    }

    private static CollectionState ToState(string name, CollectionDocument document) => new(
        name,
        CollectionConfig.FromJson(document.Config, "cluster.json"),
        document.CreatedAt,
        document.Shards.ToDictionary(
            shard => shard.Key,
            shard => (IReadOnlyDictionary<int, ReplicaState>)new SortedDictionary<int, ReplicaState>(shard.Value)));

    private void Save() => AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(_document, FileFormat));

    /// <summary>A random non-zero peer id below 2^53, so JSON readers that parse numbers as doubles keep it exact.</summary>
    private static ulong NewPeerId() => (BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) & ((1UL << 53) - 1)) | 1;
}
