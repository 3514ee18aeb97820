using System.Text;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;

namespace PubSec.Dr.Reports;

/// <summary>
/// Export-DrReport's one engine operation: render the model in the asked format and write it to one file. The
/// file appears whole or not at all (written beside it, then moved into place), and an existing file is replaced
/// only when the caller says so.
/// </summary>
public static class ReportExporter
{
    /// <summary>Checks the destination before any input is collected: a folder that exists, a path that is not a folder, no file there unless <paramref name="force"/>.</summary>
    public static void CheckDestination(string path, bool force)
    {
        if (string.IsNullOrWhiteSpace(path) || Directory.Exists(path))
        {
            throw new DrException(ErrorIds.ReportPathInvalid, DrErrorCategory.InvalidArgument,
                $"The report path '{path}' is a folder or empty; the report is one file.",
                "Give a file path, e.g. ./out/drill-report.html.", path);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new DrException(ErrorIds.ReportDirectoryNotFound, DrErrorCategory.ObjectNotFound,
                $"The folder '{directory}' of the report path '{path}' does not exist.",
                "Create the folder first (New-Item -ItemType Directory), or give a path in an existing folder.", path);
        }

        if (!force && File.Exists(path))
        {
            throw Exists(path, null);
        }
    }

    public static string Render(ReportModel model, ReportFormat format) => format switch
    {
        ReportFormat.Html => HtmlReportRenderer.Render(model),
        ReportFormat.Markdown => MarkdownReportRenderer.Render(model),
        ReportFormat.Json => JsonReportRenderer.Render(model),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
    };

    public static ReportFile Export(ReportModel model, ReportFormat format, string path, bool force)
    {
        CheckDestination(path, force);
        var full = Path.GetFullPath(path);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Render(model, format));
        try
        {
            AtomicFile.Write(full, bytes, overwrite: force);
        }
        catch (IOException ex) when (!force && File.Exists(full))
        {
            throw Exists(path, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrException(ErrorIds.ReportWriteFailed, DrErrorCategory.WriteError,
                $"The report could not be written to '{path}': {ex.Message}",
                "Check that the folder is writable and has room, then run again.", path, ex);
        }

        return new ReportFile
        {
            Path = full,
            Format = format,
            Title = model.Title,
            GeneratedAt = model.GeneratedAt,
            Drills = model.Drills.Count,
            Failovers = model.Failovers.Count,
            IntegrityReports = model.Integrity.Count,
            Backups = model.Backups.Count,
            History = model.History is not null,
            Bytes = bytes.LongLength,
        };
    }

    private static DrException Exists(string path, Exception? inner) => new(ErrorIds.ReportExists, DrErrorCategory.ResourceExists,
        $"The report file '{path}' already exists; it was not overwritten.",
        "Give another -Path, or add -Force to replace the file.", path, inner);
}
