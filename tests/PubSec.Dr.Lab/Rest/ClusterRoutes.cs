using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Rest;

/// <summary>GET /cluster and GET /collections/{c}/cluster (§7.5), from the answering node's point of view.</summary>
internal static class ClusterRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/cluster", context =>
        {
            var cluster = context.RequestServices.GetRequiredService<LabCluster>();
            var node = context.RequestServices.GetRequiredService<LabNode>();
            return Envelope.Ok(context, cluster.IsDistributed ? ClusterStatus(cluster, node) : new JsonObject { ["status"] = "disabled" });
        });
        app.MapGet("/collections/{name}/cluster", context => Envelope.Ok(context,
            ModelJson.ClusterInfo(context.RequestServices.GetRequiredService<CollectionService>().ClusterInfo(RestRequest.Route(context, "name")))));
    }

    /// <summary>
    /// Peers are addressed by their gRPC port (the lab has no separate p2p port); the lowest running node is
    /// the Raft leader; a stopped peer shows up in message_send_failures as an unreachable one would.
    /// </summary>
    private static JsonObject ClusterStatus(LabCluster cluster, LabNode node)
    {
        var leader = cluster.Nodes.FirstOrDefault(n => n.Running) ?? node;
        var peers = new JsonObject();
        var failures = new JsonObject();
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        foreach (var peer in cluster.Nodes)
        {
            var uri = $"{peer.GrpcUri}/";
            peers[peer.PeerId.ToString(CultureInfo.InvariantCulture)] = new JsonObject { ["uri"] = uri };
            if (!peer.Running)
            {
                failures[uri] = new JsonObject
                {
                    ["count"] = 1,
                    ["latest_error"] = "Failed to connect to peer: connection refused",
                    ["latest_error_timestamp"] = now,
                };
            }
        }

        return new JsonObject
        {
            ["status"] = "enabled",
            ["peer_id"] = node.PeerId,
            ["peers"] = peers,
            ["raft_info"] = new JsonObject
            {
                ["term"] = 1,
                ["commit"] = cluster.Consensus.CommitIndex,
                ["pending_operations"] = 0,
                ["leader"] = leader.PeerId,
                ["role"] = leader == node ? "Leader" : "Follower",
                ["is_voter"] = true,
            },
            ["consensus_thread_status"] = new JsonObject { ["consensus_thread_status"] = "working", ["last_update"] = now },
            ["message_send_failures"] = failures,
        };
    }
}
