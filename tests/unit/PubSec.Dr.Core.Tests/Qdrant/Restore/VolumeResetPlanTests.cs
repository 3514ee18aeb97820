using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Qdrant.Restore;

namespace PubSec.Dr.Tests.Qdrant.Restore;

/// <summary>How a volume reset is described (-WhatIf, confirmation) and refused: the collections it would take with it are named.</summary>
public sealed class VolumeResetPlanTests
{
    private static readonly KubernetesTarget Target = new(null, null, "pubsec-info-assistant", "qdrant");
    private static readonly string[] Claims = ["qdrant-storage-qdrant-0", "qdrant-storage-qdrant-1"];

    [Fact]
    public void A_reset_that_deletes_other_collections_says_which_and_that_it_is_refused_without_force()
    {
        var plan = new VolumeResetPlan(Target, 2, Claims, ["audit", "tenants"], Forced: false);

        Assert.Equal("first scale pubsec-info-assistant/qdrant from 2 to 0, delete qdrant-storage-qdrant-0, qdrant-storage-qdrant-1, scale back to 2; "
            + "the reset also deletes 2 collections this run does not restore: 'audit', 'tenants' (refused without -Force)", plan.Describe());
        Assert.EndsWith("'audit', 'tenants' (-Force)", (plan with { Forced = true }).Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reset_that_loses_nothing_says_so()
    {
        var plan = new VolumeResetPlan(Target, 3, Claims, [], Forced: false);

        Assert.EndsWith("scale back to 3; every collection on the cluster is restored in this run", plan.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_has_its_own_id_names_the_collections_and_targets_them()
    {
        var refusal = VolumeResetPlan.Refusal(Target, ["audit"]);

        Assert.Equal(ErrorIds.RestoreResetWouldDeleteCollections, refusal.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidArgument, refusal.Category);
        Assert.Equal("Resetting the volumes of pubsec-info-assistant/qdrant deletes every collection on the cluster, and this run does not restore "
            + "1 collection: 'audit'. Nothing was changed.", refusal.Message);
        Assert.Contains("-Force", refusal.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(["audit"], Assert.IsType<string[]>(refusal.Target));
    }
}
