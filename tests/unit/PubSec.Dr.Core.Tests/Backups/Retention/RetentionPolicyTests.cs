using PubSec.Dr.Backups.Retention;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Tests.Backups.Retention;

public sealed class RetentionPolicyTests
{
    [Fact]
    public void PlanDefaults_Qdrant30Days_Redis7Days()
    {
        var set = RetentionPolicySet.Create(null);

        Assert.Equal(TimeSpan.FromDays(30), set.For("Qdrant")!.MaxAge);
        Assert.Equal(TimeSpan.FromDays(7), set.For("Redis")!.MaxAge);
        Assert.Equal(0, set.For("Qdrant")!.KeepDaily);
        Assert.Null(set.For("Mongo"));
    }

    [Fact]
    public void GivenPolicy_ReplacesTheDefaultOfItsKindOnly()
    {
        var set = RetentionPolicySet.Create([new DrRetentionPolicy { Kind = "qdrant", KeepDaily = 7 }]);

        Assert.Equal(TimeSpan.Zero, set.For("Qdrant")!.MaxAge);
        Assert.Equal(7, set.For("Qdrant")!.KeepDaily);
        Assert.Equal(TimeSpan.FromDays(7), set.For("Redis")!.MaxAge);
    }

    [Theory]
    [InlineData(-1, 0, 0, 0, 0, "MaxAge cannot be negative")]
    [InlineData(0, -1, 0, 0, 0, "KeepLast cannot be negative")]
    [InlineData(1, 0, -2, 0, -1, "KeepDaily, KeepMonthly cannot be negative")]
    [InlineData(0, 0, 0, 0, 0, "every rule is 0")]
    public void InvalidPolicies_AreRejectedWithRetentionPolicyInvalid(int maxAgeDays, int last, int daily, int weekly, int monthly, string message)
    {
        var policy = new DrRetentionPolicy { Kind = "Qdrant", MaxAge = TimeSpan.FromDays(maxAgeDays), KeepLast = last, KeepDaily = daily, KeepWeekly = weekly, KeepMonthly = monthly };

        var ex = Assert.Throws<DrException>(() => RetentionPolicySet.Create([policy]));

        Assert.Equal(ErrorIds.RetentionPolicyInvalid, ex.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidArgument, ex.Category);
        Assert.Contains(message, ex.Message);
        Assert.Contains("'Qdrant'", ex.Message);
    }

    [Fact]
    public void PolicyWithoutKind_IsRejected()
    {
        var ex = Assert.Throws<DrException>(() => RetentionPolicySet.Create([new DrRetentionPolicy { KeepLast = 1 }]));

        Assert.Equal(ErrorIds.RetentionPolicyInvalid, ex.ErrorId);
    }

    [Fact]
    public void TwoPoliciesForOneKind_AreRejected()
    {
        var ex = Assert.Throws<DrException>(() => RetentionPolicySet.Create(
            [new DrRetentionPolicy { Kind = "Qdrant", KeepLast = 1 }, new DrRetentionPolicy { Kind = "QDRANT", KeepDaily = 1 }]));

        Assert.Equal(ErrorIds.RetentionPolicyInvalid, ex.ErrorId);
        Assert.Contains("Two retention policies", ex.Message);
    }

    [Fact]
    public void ToString_ListsTheRulesInUse()
    {
        var policy = new DrRetentionPolicy { Kind = "Qdrant", MaxAge = TimeSpan.FromDays(30), KeepWeekly = 4 };

        Assert.Equal("Qdrant: MaxAge 30.00:00:00, KeepWeekly 4", policy.ToString());
    }
}
