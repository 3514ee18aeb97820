using System.Globalization;
using System.Xml.Linq;
using PubSec.Dr.Reports;
using PubSec.Dr.Reports.Charts;

namespace PubSec.Dr.Tests.Reports;

public sealed class ChartTests
{
    private static XElement Parse(string svg) => XElement.Parse(svg);

    private static double Attr(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);

    [Fact]
    public void TimelineBarWidthIsProportionalToTheDurationAndItsXToTheStart()
    {
        var bars = new[]
        {
            new TimelineBar("a", TimeSpan.Zero, TimeSpan.FromSeconds(600), VerdictTone.Good, true),
            new TimelineBar("b", TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(1200), VerdictTone.Good, true),
            new TimelineBar("c", TimeSpan.FromSeconds(1800), TimeSpan.FromSeconds(300), VerdictTone.Bad, true),
        };
        var rects = Parse(TimelineChart.Render("t", bars, TimeSpan.FromMinutes(30), "RTO target")).Descendants("rect").ToList();

        Assert.Equal(3, rects.Count);
        var perSecond = Attr(rects[0], "width") / 600;
        Assert.Equal(1200 * perSecond, Attr(rects[1], "width"), 1);
        Assert.Equal(300 * perSecond, Attr(rects[2], "width"), 1);
        Assert.Equal(Attr(rects[0], "x") + 600 * perSecond, Attr(rects[1], "x"), 1);
        Assert.Equal(ChartColors.Bad, rects[2].Attribute("fill")!.Value);
    }

    [Fact]
    public void TimelineTargetLineSitsAtTheTargetOnTheSameScaleAsTheBars()
    {
        var bars = new[] { new TimelineBar("a", TimeSpan.Zero, TimeSpan.FromMinutes(20), VerdictTone.Good, true) };
        var svg = Parse(TimelineChart.Render("t", bars, TimeSpan.FromMinutes(30), "RTO target"));
        var bar = svg.Descendants("rect").Single();
        var target = svg.Descendants("line").Single(l => l.Attribute("class")!.Value == "target");

        var perSecond = Attr(bar, "width") / 1200;
        Assert.Equal(Attr(bar, "x") + 1800 * perSecond, Attr(target, "x1"), 1);
        Assert.Contains(svg.Descendants("text"), t => t.Value == "RTO target 30 min");
    }

    [Fact]
    public void TimelineWithAFarTargetFitsTheBarsAndSaysHowFarTheTargetIs()
    {
        var bars = new[] { new TimelineBar("a", TimeSpan.Zero, TimeSpan.FromSeconds(36), VerdictTone.Good, true) };
        var svg = Parse(TimelineChart.Render("t", bars, TimeSpan.FromHours(2), "RTO target"));

        Assert.DoesNotContain(svg.Descendants("line"), l => l.Attribute("class")!.Value == "target");
        Assert.Contains(svg.Descendants("text"), t => t.Value.Contains("off the scale", StringComparison.Ordinal) && t.Value.Contains("0.5%", StringComparison.Ordinal));
        // The bar fills most of the plot instead of being a sliver of a 2 h axis.
        Assert.True(Attr(svg.Descendants("rect").Single(), "width") > TimelineChart.PlotWidth * 0.9);
    }

    [Fact]
    public void ChartTextIsEscaped()
    {
        var bars = new[] { new TimelineBar(ReportSamples.Hostile, TimeSpan.Zero, TimeSpan.FromSeconds(5), VerdictTone.Good, true) };
        var svg = TimelineChart.Render(ReportSamples.Hostile, bars, TimeSpan.FromSeconds(10), "RTO");

        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", svg, StringComparison.Ordinal);
        Parse(svg); // still well-formed
    }

    [Fact]
    public void BackupAgeBarsShowTheAgeAndMarkTheOnesPastTheAlert()
    {
        var backups = new[]
        {
            ReportBackup.From(ReportSamples.Backup("docs", TimeSpan.FromHours(2)), ReportSamples.Now),
            ReportBackup.From(ReportSamples.Backup("old", TimeSpan.FromHours(9)), ReportSamples.Now),
        };
        var svg = Parse(BackupAgeChart.Render(backups, ReportModel.PlanBackupAgeAlert));
        var rects = svg.Descendants("rect").ToList();
        var alert = svg.Descendants("line").Single(l => l.Attribute("class")!.Value == "target");

        Assert.Equal(9.0 / 2, Attr(rects[1], "width") / Attr(rects[0], "width"), 2);
        Assert.Equal(ChartColors.Good, rects[0].Attribute("fill")!.Value);
        Assert.Equal(ChartColors.Bad, rects[1].Attribute("fill")!.Value);
        Assert.Equal(Attr(rects[0], "x") + Attr(rects[0], "width") * 7 / 2, Attr(alert, "x1"), 1);
        Assert.Contains(svg.Descendants("text"), t => t.Value.Contains("OVER the 7 h alert", StringComparison.Ordinal));
    }

    [Fact]
    public void TrendPlotsOneDotPerDrillHigherForALongerRto()
    {
        var trend = ReportTrend.From(
            [ReportSamples.Drill(start: ReportSamples.DrillStart, rtoSeconds: 60), ReportSamples.Drill(DrillVerdict.Failed, ReportSamples.DrillStart.AddDays(30), 120)], []).Single();
        var svg = Parse(TrendChart.Render(trend, TimeSpan.FromSeconds(100), TimeSpan.FromMinutes(30)));
        var rto = svg.Descendants("circle").Take(2).ToList();

        Assert.Equal(4, svg.Descendants("circle").Count()); // two RTO dots, two RPO dots
        Assert.True(Attr(rto[1], "cy") < Attr(rto[0], "cy"));
        Assert.True(Attr(rto[1], "cx") > Attr(rto[0], "cx"));
        Assert.Equal(ChartColors.Bad, rto[1].Attribute("fill")!.Value);
        Assert.Contains(svg.Descendants("line"), l => l.Attribute("class")!.Value == "target");
    }
}
