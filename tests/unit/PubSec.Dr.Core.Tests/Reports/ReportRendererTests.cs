using System.Text.Json;
using System.Text.RegularExpressions;
using PubSec.Dr.Reports;

namespace PubSec.Dr.Tests.Reports;

public sealed class ReportRendererTests
{
    private static ReportModel Model()
    {
        var collector = new ReportCollector();
        collector.Add(ReportSamples.Drill());
        collector.Add(ReportSamples.Drill(DrillVerdict.Failed, ReportSamples.DrillStart.AddDays(28), 150));
        collector.Add(ReportSamples.Failover());
        collector.Add(ReportSamples.Integrity());
        collector.Add(ReportSamples.Backup(ReportSamples.Hostile, TimeSpan.FromHours(3), new CredentialStore()));
        collector.Add(ReportSamples.Backup("docs", TimeSpan.FromHours(8), new CredentialStore()));
        return collector.Build("Drill <b>report</b>", ReportSamples.Now);
    }

    [Fact]
    public void HtmlHasNoScriptNoUrlToLoadAndEscapesEveryText()
    {
        var html = HtmlReportRenderer.Render(Model());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//|url\(|@import", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<title>Drill &lt;b&gt;report&lt;/b&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlWritesVerdictsInWordsAndHighlightsFailedChecks()
    {
        var html = HtmlReportRenderer.Render(Model());

        Assert.Contains("<span class=\"verdict tone-good\">Passed</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"verdict tone-bad\">FAILED</span>", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"row-bad\"><td>PartChecksum</td>", html, StringComparison.Ordinal);
        Assert.Matches("<tr><td>Manifest</td>", html);
        Assert.Equal(5, Regex.Matches(html, "<svg class=\"chart\"").Count); // two drills, the failover, one trend, backup age
        Assert.Equal(2, Regex.Matches(html, "<svg class=\"chart\"[^>]*aria-label=\"Phase timings").Count);
    }

    [Fact]
    public void BackupsCarryTheStoreLocationNeverTheStoreObject()
    {
        var model = Model();
        foreach (var text in new[] { HtmlReportRenderer.Render(model), MarkdownReportRenderer.Render(model), JsonReportRenderer.Render(model) })
        {
            Assert.DoesNotContain(CredentialStore.Secret, text, StringComparison.Ordinal);
            Assert.Contains("dr-backups/lab/", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MarkdownHasTheSameSectionsAsTablesWithEveryRowAndEscapesPipes()
    {
        var md = MarkdownReportRenderer.Render(Model());

        foreach (var heading in new[] { "## Summary", "## Drills", "## Drill trend", "## Failovers", "## Backup integrity", "## Backups" })
        {
            Assert.Contains("\n" + heading + "\n", md, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script", md, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;\\|x", md, StringComparison.Ordinal);
        Assert.Contains("| PartChecksum | parts/0 | **FAILED** | sha256 differs | BackupChecksumMismatch |", md, StringComparison.Ordinal);
        // Every row of a table has as many cells as its header: no unescaped pipe split a cell.
        foreach (var table in Regex.Matches(md, @"((?:^\|.*\|\n)+)", RegexOptions.Multiline).Select(m => m.Value))
        {
            var counts = table.TrimEnd('\n').Split('\n').Select(line => Regex.Matches(line, @"(?<!\\)\|").Count).Distinct().ToList();
            Assert.Single(counts);
        }

        Assert.Equal(2, Regex.Matches(md, @"\*\*Phase timings against the RTO target of 2 h\*\*").Count);
        Assert.Contains("| Drills | 2 | **1 passed, 1 failed** |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonIsOneCamelCaseDocumentWithEnumNamesAndUtcTimes()
    {
        using var doc = JsonDocument.Parse(JsonReportRenderer.Render(Model()));
        var root = doc.RootElement;

        Assert.Equal(["generatedAt", "title", "drills", "failovers", "integrity", "backups", "history"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-12-06T12:00:00.0000000Z", root.GetProperty("generatedAt").GetString());
        Assert.Equal("DatabaseRestore", root.GetProperty("drills")[0].GetProperty("scenario").GetString());
        Assert.Equal("Failed", root.GetProperty("drills")[1].GetProperty("verdict").GetString());
        Assert.Equal("Failed", root.GetProperty("failovers")[0].GetProperty("verdict").GetString());
        // A +02:00 start is written as the same instant in UTC.
        Assert.Equal("2026-12-06T02:00:00.0000000Z", root.GetProperty("failovers")[0].GetProperty("startedAt").GetString());
        // An integrity time read without a zone is UTC.
        Assert.Equal("2026-12-06T03:00:00.0000000Z", root.GetProperty("integrity")[0].GetProperty("checkedAt").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("history").ValueKind);
        Assert.False(root.GetProperty("backups")[0].TryGetProperty("parts", out _));

        var times = Regex.Matches(doc.RootElement.GetRawText(), "\"(\\d{4}-\\d\\d-\\d\\dT[^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.True(times.Count > 10);
        Assert.All(times, t => Assert.EndsWith("Z", t));
    }

    [Fact]
    public void AResourceIsRemovedWhenItOrTheDrillsRemovedListSaysSoAndFlaggedOtherwise()
    {
        var drill = ReportSamples.Drill();
        var at = ReportSamples.DrillStart.AddSeconds(98);
        drill.Created =
        [
            new DrillResource { Kind = "QdrantCollection", Region = "primary", Name = "kept", CreatedAt = ReportSamples.DrillStart },
            new DrillResource { Kind = "QdrantCollection", Region = "primary", Name = "listed", CreatedAt = ReportSamples.DrillStart },
        ];
        drill.Removed = [new DrillResource { Kind = "QdrantCollection", Region = "primary", Name = "listed", CreatedAt = ReportSamples.DrillStart, RemovedAt = at }];
        var collector = new ReportCollector();
        collector.Add(drill);

        var md = MarkdownReportRenderer.Render(collector.Build("t", ReportSamples.Now));

        Assert.Contains("| Created | QdrantCollection | primary | kept | 2026-12-06 02:00:00Z | **NOT removed** |", md, StringComparison.Ordinal);
        Assert.Contains("| Created | QdrantCollection | primary | listed | 2026-12-06 02:00:00Z | 2026-12-06 02:01:38Z |", md, StringComparison.Ordinal);
        Assert.Contains("\n### DatabaseRestore: 1 drill\n", md, StringComparison.Ordinal);
    }
}
