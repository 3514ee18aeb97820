using PubSec.Dr.Backends;
using PubSec.Dr.Errors;
using PubSec.Dr.Network;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Backup;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Restore;
using PubSec.Dr.Storage.Folder;

namespace PubSec.Dr.Tests.Operations;

/// <summary>Durations that cannot work fail with DurationOutOfRange when they are set, before anything runs.</summary>
public sealed class DurationRangeTests
{
    public static TheoryData<TimeSpan> Unusable => [TimeSpan.Zero, TimeSpan.FromSeconds(-5), TimeSpan.MaxValue, TimeSpan.MinValue, TimeSpan.FromDays(8)];

    [Theory]
    [MemberData(nameof(Unusable))]
    public void Wait_RefusesWhatCannotWork(TimeSpan value)
    {
        var error = Assert.Throws<DrException>(() => DurationRange.Wait.Check("-ConvergeTimeout", value));
        Assert.Equal(ErrorIds.DurationOutOfRange, error.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidArgument, error.Category);
        Assert.Contains("-ConvergeTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("seconds", error.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMaximum_FitsCancelAfterAndDateTimeArithmetic()
    {
        foreach (var range in new[] { DurationRange.Connect, DurationRange.Request, DurationRange.Wait })
        {
            using var limit = new CancellationTokenSource();
            limit.CancelAfter(range.Maximum);
            _ = DateTime.UtcNow + range.Maximum;
            Assert.Equal(range.Maximum, range.Check("-X", range.Maximum));
        }
    }

    [Fact]
    public void RetentionAge_AllowsZeroAsOff_ButNothingUnderAnHour()
    {
        Assert.Equal(TimeSpan.Zero, DurationRange.RetentionAge.Check("-MaxAge", TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromHours(1), DurationRange.RetentionAge.Check("-MaxAge", TimeSpan.FromHours(1)));
        Assert.Equal(ErrorIds.DurationOutOfRange, Assert.Throws<DrException>(() => DurationRange.RetentionAge.Check("-MaxAge", TimeSpan.FromSeconds(30))).ErrorId);
        Assert.Equal(ErrorIds.DurationOutOfRange, Assert.Throws<DrException>(() => DurationRange.RetentionAge.Check("-MaxAge", TimeSpan.FromDays(-1))).ErrorId);
    }

    [Theory]
    [MemberData(nameof(Unusable))]
    public void RestoreEngine_RefusesAConvergeTimeoutThatCannotWork_BeforeItCanRun(TimeSpan value)
    {
        using var cluster = BackendFactory.Default.Qdrant(new QdrantConnection([new Uri("http://qdrant-0:6333")], null, null));
        var error = Assert.Throws<DrException>(() => new QdrantRestoreEngine(cluster, new FolderBackupStore(Path.GetTempPath()), NullOperationLog.Instance)
        {
            ConvergeTimeout = value,
        });
        Assert.Equal(ErrorIds.DurationOutOfRange, error.ErrorId);
    }

    [Theory]
    [MemberData(nameof(Unusable))]
    public void BackupEngine_RefusesASnapshotTimeoutThatCannotWork(TimeSpan value)
    {
        using var cluster = BackendFactory.Default.Qdrant(new QdrantConnection([new Uri("http://qdrant-0:6333")], null, null));
        var error = Assert.Throws<DrException>(() => new QdrantBackupEngine(cluster, new FolderBackupStore(Path.GetTempPath()), NullOperationLog.Instance)
        {
            SnapshotTimeout = value,
        });
        Assert.Equal(ErrorIds.DurationOutOfRange, error.ErrorId);
    }

    [Fact]
    public void NetworkDeadlines_RefuseZero()
    {
        Assert.Equal(ErrorIds.DurationOutOfRange, Assert.Throws<DrException>(() => new NetworkDeadlines(TimeSpan.Zero, TimeSpan.FromSeconds(1))).ErrorId);
        Assert.Equal(ErrorIds.DurationOutOfRange, Assert.Throws<DrException>(() => new NetworkDeadlines(TimeSpan.FromSeconds(1), TimeSpan.MaxValue)).ErrorId);
    }
}
