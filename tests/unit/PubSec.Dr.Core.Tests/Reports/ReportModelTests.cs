using System.Text.Json;
using PubSec.Dr.Errors;
using PubSec.Dr.Reports;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Reports;

public sealed class ReportModelTests
{
    [Fact]
    public void AnUnsupportedInputIsRefusedAloneAndTheRestIsKept()
    {
        var collector = new ReportCollector();
        collector.Add(ReportSamples.Drill());
        var error = Assert.Throws<DrException>(() => collector.Add("a string"));
        collector.Add(ReportSamples.Failover());

        Assert.Equal(ErrorIds.ReportInputUnsupported, error.ErrorId);
        Assert.Equal(DrErrorCategory.InvalidArgument, error.Category);
        var model = collector.Build("t", ReportSamples.Now);
        Assert.Single(model.Drills);
        Assert.Single(model.Failovers);
    }

    [Fact]
    public void ASecondHistoryIsRefused()
    {
        var collector = new ReportCollector();
        collector.Add(new DrillHistory { Environment = "a" });

        Assert.Equal(ErrorIds.ReportInputUnsupported, Assert.Throws<DrException>(() => collector.Add(new DrillHistory { Environment = "b" })).ErrorId);
    }

    [Fact]
    public void TheTrendCountsADrillGivenTwiceOnceAndTakesHistoryPoints()
    {
        var first = ReportSamples.Drill(start: ReportSamples.DrillStart.AddDays(-60));
        var second = ReportSamples.Drill(start: ReportSamples.DrillStart);
        var onlyInTrend = new DrillTrendPoint(ReportSamples.DrillStart.AddDays(-30), TimeSpan.FromSeconds(80), null, DrillVerdict.Passed);
        var history = new DrillHistory
        {
            Environment = "lab",
            Drills = [second, first],
            Trends = [new DrillTrend { Scenario = DrillScenario.DatabaseRestore, Points = [onlyInTrend] }],
        };

        var trend = Assert.Single(ReportTrend.From([second], [history]));

        Assert.Equal([first.StartedAt, onlyInTrend.StartedAt, second.StartedAt], trend.Points.Select(p => p.StartedAt));
    }

    [Fact]
    public void TheNewestBackupPerSourceIsTheNewestRestorableOne()
    {
        var collector = new ReportCollector();
        collector.Add(ReportSamples.Backup("docs", TimeSpan.FromHours(1), status: BackupStatus.Incomplete));
        collector.Add(ReportSamples.Backup("docs", TimeSpan.FromHours(5)));
        collector.Add(ReportSamples.Backup("docs", TimeSpan.FromHours(11)));
        collector.Add(ReportSamples.Backup("only-broken", TimeSpan.FromHours(2), status: BackupStatus.Incomplete));

        var model = collector.Build("t", ReportSamples.Now);

        Assert.Equal(4, model.Backups.Count);
        Assert.Equal([TimeSpan.FromHours(5), TimeSpan.FromHours(2)], model.NewestBackups.Select(b => b.Age));
        Assert.False(model.NewestBackups[1].Restorable);
    }

    [Fact]
    public void PhasesWithoutTimesAreLaidOneAfterTheOther()
    {
        var drill = ReportSamples.Drill();
        foreach (var phase in drill.Phases)
        {
            phase.StartedAt = null;
        }

        Assert.Equal([0d, 5, 65], ReportLayout.PhaseBars(drill).Select(b => b.Offset.TotalSeconds));
    }

    [Theory]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Unspecified)]
    public void TheUtcConvertersWriteAZAndReadTheSameInstantBack(DateTimeKind kind)
    {
        var time = new DateTime(2026, 1, 2, 3, 4, 5, 678, kind);
        var offset = new DateTimeOffset(2026, 1, 2, 5, 4, 5, TimeSpan.FromHours(2));
        var json = JsonSerializer.Serialize(new { time, offset, none = (DateTimeOffset?)null }, JsonReportRenderer.Options);

        Assert.Equal("{\n  \"time\": \"2026-01-02T03:04:05.6780000Z\",\n  \"offset\": \"2026-01-02T03:04:05.0000000Z\",\n  \"none\": null\n}", json.ReplaceLineEndings("\n"));
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc), JsonSerializer.Deserialize<DateTime>("\"2026-01-02T03:04:05.678Z\"", JsonReportRenderer.Options));
        Assert.Equal(offset, JsonSerializer.Deserialize<DateTimeOffset>("\"2026-01-02T03:04:05Z\"", JsonReportRenderer.Options));
    }

    [Fact]
    public void ALocalTimeIsWrittenAsTheSameInstantInUtc()
    {
        var local = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Local);
        var json = JsonSerializer.Serialize(local, JsonReportRenderer.Options);

        Assert.Equal($"\"{local.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss}.0000000Z\"", json);
    }

    [Fact]
    public void ExportRefusesToOverwriteWithoutForceAndReplacesWithIt()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "report.html");
        var model = new ReportCollector().Build("t", ReportSamples.Now);
        var file = ReportExporter.Export(model, ReportFormat.Html, path, force: false);

        Assert.Equal(path, file.Path);
        Assert.Equal(new FileInfo(path).Length, file.Bytes);
        Assert.Equal(ErrorIds.ReportExists, Assert.Throws<DrException>(() => ReportExporter.Export(model, ReportFormat.Json, path, force: false)).ErrorId);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path), StringComparison.Ordinal);

        ReportExporter.Export(model, ReportFormat.Json, path, force: true);
        Assert.StartsWith("{", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(["report.html"], dir.AllFiles());
    }

    [Fact]
    public void ExportNamesAMissingFolderAndAFolderGivenAsThePath()
    {
        using var dir = new TempDirectory();
        var model = new ReportCollector().Build("t", ReportSamples.Now);

        Assert.Equal(ErrorIds.ReportDirectoryNotFound, Assert.Throws<DrException>(() => ReportExporter.Export(model, ReportFormat.Html, Path.Combine(dir.Path, "nope", "r.html"), false)).ErrorId);
        Assert.Equal(ErrorIds.ReportPathInvalid, Assert.Throws<DrException>(() => ReportExporter.Export(model, ReportFormat.Html, dir.Path, true)).ErrorId);
        Assert.Empty(dir.AllFiles());
    }
}
