using System.Text;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Metrics;

/// <summary>
/// Export-DrMetrics' one engine operation: read the store, compute the metrics, render them, then write the file
/// (atomically, for the node-exporter textfile collector, which may read at any moment) and push to the gateway.
/// The file is written before the push, so a gateway that is down does not cost the file.
/// </summary>
public sealed class MetricsExporter(IMetricsPushConnector push)
{
    public const string PushJob = "pubsec_dr";

    public sealed record Result(string Text, DrMetricsExport Export);

    /// <summary>Checks the file destination before the store is read: a path that is not a folder, in a folder that exists.</summary>
    public static string CheckDestination(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || Directory.Exists(path))
        {
            throw new DrException(ErrorIds.MetricsPathInvalid, DrErrorCategory.InvalidArgument,
                $"The metrics path '{path}' is a folder or empty; the metrics are one file.",
                "Give a file path ending in .prom in the textfile collector's folder, e.g. /var/lib/node_exporter/textfile/pubsec_dr.prom.", path);
        }

        var full = Path.GetFullPath(path);
        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            throw new DrException(ErrorIds.MetricsDirectoryNotFound, DrErrorCategory.ObjectNotFound,
                $"The folder of the metrics path '{path}' does not exist.",
                "Create the folder first, or give a path in an existing folder.", path);
        }

        return full;
    }

    public async Task<Result> ExportAsync(IBackupStore store, string? environment, DateTimeOffset asOf, string? path, Uri? gateway,
        Action<DrException> error, CancellationToken ct, ReplicationProbe? replication = null)
    {
        var full = path is null ? null : CheckDestination(path);
        var input = await MetricsGatherer.ReadAsync(store, environment, asOf, error, ct, replication).ConfigureAwait(false);
        var families = DrMetricsBuilder.Build(input);
        var text = PrometheusText.Render(families);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        if (full is not null)
        {
            try
            {
                AtomicFile.Write(full, bytes, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new DrException(ErrorIds.MetricsWriteFailed, DrErrorCategory.WriteError, $"The metrics could not be written to '{path}': {ex.Message}",
                    "Check that the folder is writable and has room, then run again.", path, ex);
            }
        }

        if (gateway is not null)
        {
            await push.PushAsync(gateway, PushJob, text, ct).ConfigureAwait(false);
        }

        var written = families.Where(f => f.Samples.Count > 0).ToList();
        return new Result(text, new DrMetricsExport
        {
            Path = full,
            Pushgateway = gateway is null ? null : PushgatewayClient.Shown(gateway),
            Store = store.Location,
            AsOf = asOf.ToUniversalTime(),
            Metrics = written.Count,
            Samples = written.Sum(f => f.Samples.Count),
            Bytes = bytes.LongLength,
            Backups = input.Backups.Count,
            RestoreProofs = input.Proofs.Count,
            Drills = input.Drills.Sum(h => h.Drills.Count),
        });
    }
}
