using PubSec.Dr.Errors;
using PubSec.Dr.Kubernetes;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Tests.Kubernetes;

/// <summary>The volume reset's sequence through the workloads seam: scale down, wait, delete claims, wait, scale up, wait; and what a failure mid-way says.</summary>
public sealed class StatefulSetVolumeResetTests
{
    [Fact]
    public async Task A_reset_scales_to_zero_waits_for_the_pods_deletes_every_claim_waits_scales_back_and_waits_for_ready()
    {
        var fake = new FakeWorkloads(3);
        using var reset = new StatefulSetVolumeReset(fake, NullOperationLog.Instance) { PollInterval = TimeSpan.Zero };

        var summary = await reset.ResetAsync(CancellationToken.None);

        var calls = fake.Calls;
        Assert.Equal(["read", "scale 0"], calls.Take(2));
        var deletes = calls.Where(c => c.StartsWith("delete ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["delete data-qdrant-0", "delete data-qdrant-1", "delete data-qdrant-2"], deletes);
        Assert.True(calls.LastIndexOf("pods") > calls.IndexOf("scale 3"), "waits for the pods after scaling back");
        Assert.True(calls.IndexOf(deletes[0]) > calls.IndexOf("pods"), "claims are deleted only after the pods were looked at");
        Assert.True(calls.IndexOf("scale 3") > calls.LastIndexOf("claims"), "scales back only once the claims are gone");
        Assert.Equal(3, fake.Pods);
        Assert.Equal("Scaled qdrant to 0, deleted 3 claim(s) (data-qdrant-0, data-qdrant-1, data-qdrant-2), scaled back to 3; all pods Ready.", summary);
    }

    [Fact]
    public async Task The_pods_are_waited_for_until_gone_and_until_ready()
    {
        var fake = new FakeWorkloads(2) { ListsPerTransition = 4 };
        using var reset = new StatefulSetVolumeReset(fake, NullOperationLog.Instance) { PollInterval = TimeSpan.Zero };

        await reset.ResetAsync(CancellationToken.None);

        var firstDelete = fake.Calls.FindIndex(c => c.StartsWith("delete ", StringComparison.Ordinal));
        Assert.Equal(4, fake.Calls.Take(firstDelete).Count(c => c == "pods"));
        var afterScaleUp = fake.Calls.Skip(fake.Calls.IndexOf("scale 2")).Count(c => c == "pods");
        Assert.Equal(5, afterScaleUp); // 3 looks without pods, 1 with unready pods, 1 with Ready pods
    }

    [Fact]
    public async Task A_failure_after_scaling_down_says_how_far_the_reset_got_and_does_not_scale_back()
    {
        var refused = new DrException(ErrorIds.KubernetesRequestFailed, DrErrorCategory.PermissionDenied, "Kubernetes refused a request on db/qdrant: 403 Forbidden.", "Check the account.", "qdrant");
        var fake = new FakeWorkloads(3) { FailOn = ("delete data-qdrant-1", refused) };
        using var reset = new StatefulSetVolumeReset(fake, NullOperationLog.Instance) { PollInterval = TimeSpan.Zero };

        var error = await Assert.ThrowsAsync<DrException>(() => reset.ResetAsync(CancellationToken.None));

        Assert.Equal((ErrorIds.KubernetesRequestFailed, DrErrorCategory.PermissionDenied), (error.ErrorId, error.Category));
        Assert.Contains("403 Forbidden", error.Message, StringComparison.Ordinal);
        Assert.Contains("stopped after: scaled to 0, pods gone", error.Message, StringComparison.Ordinal);
        Assert.Contains("-ResetVolumes again", error.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("--replicas=3", error.RecommendedAction, StringComparison.Ordinal);
        Assert.Same(refused, error.InnerException);
        Assert.DoesNotContain("delete data-qdrant-2", fake.Calls);
        Assert.DoesNotContain("scale 3", fake.Calls);
    }

    [Fact]
    public async Task Pods_that_never_go_end_in_KubernetesScaleTimeout_naming_the_step()
    {
        var fake = new FakeWorkloads(3) { ListsPerTransition = int.MaxValue };
        using var reset = new StatefulSetVolumeReset(fake, NullOperationLog.Instance) { PollInterval = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromMilliseconds(200) };

        var error = await Assert.ThrowsAsync<DrException>(() => reset.ResetAsync(CancellationToken.None));

        Assert.Equal((ErrorIds.KubernetesScaleTimeout, DrErrorCategory.OperationTimeout), (error.ErrorId, error.Category));
        Assert.Contains("not done: its pods are gone", error.Message, StringComparison.Ordinal);
        Assert.Contains("stopped after: scaled to 0.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Calls, c => c.StartsWith("delete ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Describe_reads_the_size_and_the_claims_without_changing_anything()
    {
        var fake = new FakeWorkloads(3);
        var reset = new StatefulSetVolumeReset(fake, NullOperationLog.Instance);

        var (replicas, claims) = await reset.DescribeAsync(CancellationToken.None);
        reset.Dispose();

        Assert.Equal(3, replicas);
        Assert.Equal(["data-qdrant-0", "data-qdrant-1", "data-qdrant-2"], claims);
        Assert.Equal(["read"], fake.Calls);
        Assert.True(fake.Disposed, "the reset owns its connection");
    }
}
