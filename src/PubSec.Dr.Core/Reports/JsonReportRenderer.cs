using System.Text.Json;
using System.Text.Json.Serialization;
using PubSec.Dr.Serialization;

namespace PubSec.Dr.Reports;

/// <summary>
/// The report as one JSON document { generatedAt, title, drills, failovers, integrity, backups, history }:
/// camelCase, enums as names, every time in UTC with a Z, durations as "d.hh:mm:ss".
/// </summary>
public static class JsonReportRenderer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(), new UtcDateTimeConverter(), new UtcDateTimeOffsetConverter() },
    };

    public static string Render(ReportModel model) => JsonSerializer.Serialize(new Document(
        model.GeneratedAt, model.Title, model.Drills, model.Failovers, model.Integrity, model.Backups, model.History), Options);

    // The document's shape, fixed here so a field added to the model does not change it by accident.
    private sealed record Document(
        DateTimeOffset GeneratedAt,
        string Title,
        IReadOnlyList<DrillResult> Drills,
        IReadOnlyList<FailoverResult> Failovers,
        IReadOnlyList<ReportIntegrity> Integrity,
        IReadOnlyList<ReportBackup> Backups,
        DrillHistory? History);
}
