using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Drills;
using PubSec.Dr.Errors;
using PubSec.Dr.Metrics;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;
using Xunit;
using static PubSec.Dr.Tests.Metrics.MetricsSamples;

namespace PubSec.Dr.Tests.Metrics;

public sealed class MetricsExporterTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private sealed class RecordingPush : IMetricsPushConnector
    {
        public List<(Uri Gateway, string Job, string Text)> Pushed { get; } = [];

        public Task PushAsync(Uri gateway, string job, string text, CancellationToken ct)
        {
            Pushed.Add((gateway, job, text));
            return Task.CompletedTask;
        }
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task The_store_proofs_and_drills_are_read_back_and_the_file_holds_exactly_what_was_pushed()
    {
        var store = new FolderBackupStore(Directory.CreateDirectory(Path.Combine(_root.Path, "store")).FullName);
        await new RestoreProofStore(store).SaveAsync(Proof(DocsGood, Utc(2026, 12, 6, 8, 0, 0)), CancellationToken.None);
        foreach (var drill in Input().Drills[0].Drills)
        {
            await new DrillHistoryStore(store).SaveAsync(drill, CancellationToken.None);
        }

        var push = new RecordingPush();
        var path = Path.Combine(_root.Path, "pubsec_dr.prom");
        var errors = new List<DrException>();

        var result = await new MetricsExporter(push).ExportAsync(store, null, AsOf, path, new Uri("http://user:pw@gateway:9091/"), errors.Add, CancellationToken.None);

        Assert.Empty(errors);
        Assert.Equal(result.Text, await File.ReadAllTextAsync(path));
        var pushed = Assert.Single(push.Pushed);
        Assert.Equal((MetricsExporter.PushJob, result.Text), (pushed.Job, pushed.Text));
        Assert.Equal("http://gateway:9091/", result.Export.Pushgateway);
        Assert.Equal((0, 1, 3), (result.Export.Backups, result.Export.RestoreProofs, result.Export.Drills));
        // The drills were found without naming the environment; d3 started after AsOf and is left out.
        Assert.Contains("pubsec_dr_drill_success_ratio{environment=\"lab\"} 0.5\n", result.Text);
        // The catalog is empty, so the proof of DocsGood proves nothing.
        Assert.DoesNotContain("verified_restorable", result.Text);
        Assert.Equal(["pubsec_dr.prom"], Directory.GetFiles(_root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_path_in_a_folder_that_does_not_exist_fails_before_the_store_is_read()
    {
        var store = new FolderBackupStore(Path.Combine(_root.Path, "no-such-store"));
        var ex = await Assert.ThrowsAsync<DrException>(() => new MetricsExporter(new RecordingPush())
            .ExportAsync(store, null, AsOf, Path.Combine(_root.Path, "missing", "x.prom"), null, _ => { }, CancellationToken.None));

        Assert.Equal(ErrorIds.MetricsDirectoryNotFound, ex.ErrorId);
        Assert.Equal(ErrorIds.MetricsPathInvalid, Assert.Throws<DrException>(() => MetricsExporter.CheckDestination(_root.Path)).ErrorId);
    }

    [Fact]
    public void A_proof_key_sorts_by_time_under_its_kind_and_source()
    {
        Assert.Equal("proofs/restore/qdrant/docs/20261206T080000Z-20261206T000000Z-aaaaaa.json", RestoreProofStore.KeyOf(Proof(DocsGood, Utc(2026, 12, 6, 8, 0, 0))));
    }
}
