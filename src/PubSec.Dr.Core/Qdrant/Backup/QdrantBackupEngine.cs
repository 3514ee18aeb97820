using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Archive;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Compare;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant.Backup;

/// <summary>
/// Backs up Qdrant collections across a whole cluster: a snapshot on every node (each holds only its own
/// shards), each streamed into the store while it is hashed and its tar structure read, then a manifest
/// written last. A backup is Succeeded only when every shard has data in at least one part. The run holds a
/// lease in its backup's folder (<see cref="BackupLease"/>) that names the server snapshots it made, so the next
/// run can remove them if this one is killed.
/// </summary>
public sealed partial class QdrantBackupEngine
{
    private readonly IBackupStore _store;
    private readonly IOperationLog _log;
    private readonly QdrantBackupPlanner _planner;
    private readonly BackupCleanup _cleanup;
    private readonly QdrantSampler _sampler;
    private readonly TimeSpan _snapshotTimeout = TimeSpan.FromHours(2);

    /// <param name="cluster">The cluster to back up (from the backend factory); the caller disposes it.</param>
    public QdrantBackupEngine(IQdrantCluster cluster, IBackupStore store, IOperationLog log)
    {
        _store = store;
        _log = log;
        _planner = new QdrantBackupPlanner(cluster.Points, cluster.Nodes, log);
        _cleanup = new BackupCleanup(log);
        _sampler = new QdrantSampler(cluster.Points, log);
    }

    /// <summary>How long each node may take to finish its snapshot; checked when set (positive, at most 7 days).</summary>
    public TimeSpan SnapshotTimeout
    {
        get => _snapshotTimeout;
        init => _snapshotTimeout = DurationRange.Wait.Check("-SnapshotTimeout", value);
    }

    public bool KeepServerSnapshot { get; init; }

    /// <summary>Tags written into every manifest this engine makes (e.g. forensic).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>How many points to sample for restore verification (0: none).</summary>
    public int SampleSize { get; init; } = QdrantSampler.DefaultSampleSize;

    /// <summary>How many of the sampled points also become golden searches.</summary>
    public int GoldenQueryCount { get; init; } = QdrantSampler.DefaultGoldenQueryCount;

    /// <summary>When set, every part is stored as CMS EnvelopedData for these recipients (the manifest names them, never a key).</summary>
    public PartEncryptor? Encryption { get; init; }

    /// <summary>When set, the manifest is signed (manifest.json.p7s, written before it) with this certificate.</summary>
    public ManifestSigner? Signer { get; init; }

    /// <summary>Phase reports (snapshotting, storing part i of n, manifest), for a parent progress bar.</summary>
    public IProgress<StepProgress>? Steps { get; init; }

    /// <summary>The requested collections, or every collection of the cluster when none are named.</summary>
    public Task<IReadOnlyList<string>> ResolveCollectionsAsync(IReadOnlyList<string>? requested, CancellationToken ct) =>
        _planner.ResolveCollectionsAsync(requested, ct);

    /// <summary>Read-only look at the collection and every node; fails if two URIs reach the same peer.</summary>
    public Task<QdrantBackupPlan> PlanAsync(string collection, CancellationToken ct) => _planner.PlanAsync(collection, ct);

    /// <summary>Timing of the run's lease; tests shorten it.</summary>
    public LeaseTiming? LeaseTiming { get; init; }

    /// <summary>The phase names of a Qdrant backup's <see cref="DrBackup.Timings"/> (besides the copier's and the part completion).</summary>
    public static class Phases
    {
        public const string Plan = "Plan";
        public const string Lease = "Lease and sweep";
        public const string Sample = "Sample";
        public const string Snapshot = "Snapshot (create, poll)";
        public const string Confirm = "Confirm own snapshots";
        public const string Cleanup = "Delete server snapshots";
        public const string Manifest = "Manifest";
        public const string Total = "Total";
    }

    public Task<QdrantBackup> BackupAsync(QdrantBackupPlan plan, IProgress<TransferProgress>? progress, CancellationToken ct) =>
        BackupAsync(plan, progress, new PhaseClock(), ct);

    private async Task<QdrantBackup> BackupAsync(QdrantBackupPlan plan, IProgress<TransferProgress>? progress, PhaseClock phases, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var wall = PhaseClock.Now;
        var backup = new QdrantBackup
        {
            Id = BackupLayout.NewId(started),
            Collection = plan.Collection,
            StartedAt = started,
            QdrantVersion = plan.QdrantVersion,
            Nodes = plan.Nodes.Select(n => n.Client.DisplayUri).ToArray(),
            Config = plan.Config,
            PointCount = plan.PointCount,
            Tags = Tags.ToArray(),
        };
        // A run that was killed (OOM, node drain, kill -9) cannot clean up after itself: its server snapshots fill the
        // nodes' disks and S3 keeps (and bills) its multipart uploads. The next backup of the collection does; it
        // also refuses to run beside a live backup of the same collection, whose uploads it would otherwise abort.
        // The sample is read while the lease is taken and the snapshots are made, so both describe the same moment
        // (closer than one after the other) and its reads cost no time of their own. It only reads.
        var sampling = phases.TimeAsync(Phases.Sample, () => _sampler.TakeAsync(plan.Collection, SampleSize, GoldenQueryCount, plan.PointCount, ct));
        BackupWrite write;
        try
        {
            write = await phases.TimeAsync(Phases.Lease, () => BackupWrite.BeginAsync(_store,
                BackupWriteTarget.Qdrant(plan.Collection, backup.Id, started), _log, ct, LeaseTiming, new DeadRunSnapshots(plan, _log).RemoveAsync)).ConfigureAwait(false);
        }
        catch
        {
            await Quietly(sampling).ConfigureAwait(false);
            throw;
        }

        await using var _ = write.ConfigureAwait(false);

        _log.Verbose($"Creating snapshots of '{plan.Collection}' on {plan.Nodes.Count} node(s).");
        var pollers = plan.Nodes.Select(n => new SnapshotPoller(n.Client, plan.Collection, n.PeerId)).ToArray();
        var snapshots = new SnapshotDescription?[plan.Nodes.Count];
        var stored = new (QdrantBackupPart Part, ArchiveSummary Archive, List<string> Problems)[plan.Nodes.Count];
        var writer = new QdrantPartWriter(write, _log, Encryption);
        try
        {
            var parts = StorePartsAsync(plan, pollers, snapshots, stored, writer, write.Lease, progress, phases, ct);
            try
            {
                await parts.ConfigureAwait(false);
            }
            catch
            {
                // Awaited also when the parts failed, so no read of the sample outlives the backup; the parts'
                // failure is the one to report.
                await Quietly(sampling).ConfigureAwait(false);
                throw;
            }

            (backup.Sample, backup.GoldenQueries) = await sampling.ConfigureAwait(false);

            await phases.TimeAsync(Phases.Confirm, () => ConfirmOwnSnapshotsAsync(pollers, snapshots, ct)).ConfigureAwait(false);
            backup.Parts = stored.Select(s => s.Part).ToArray();
        }
        finally
        {
            if (!KeepServerSnapshot)
            {
                await phases.TimeAsync(Phases.Cleanup, () => _cleanup.DeleteServerSnapshotsAsync(plan, snapshots)).ConfigureAwait(false);
            }
        }

        var archives = stored.Select(s => s.Archive).ToList();
        var problems = stored.SelectMany(s => s.Problems).ToList();
        if (plan.ConfigProblem is not null)
        {
            backup.Config = archives.Select(a => a.Config).FirstOrDefault(c => c is not null) ?? plan.Config;
        }

        backup.MissingShards = Enumerable.Range(0, (int)plan.Config.ShardNumber)
            .Where(shard => !backup.Parts.Any(p => p.Shards.Any(s => s.ShardId == shard && s.HasData)))
            .ToArray();
        problems.AddRange(backup.MissingShards.Select(plan.DescribeMissingShard));
        problems.AddRange(new[] { plan.ConfigProblem, plan.CountProblem }.OfType<string>());

        backup.Problems = problems.ToArray();
        backup.Status = problems.Count == 0 ? BackupStatus.Succeeded : BackupStatus.Incomplete;
        backup.CompletedAt = DateTime.UtcNow;

        // The manifest goes last: until it exists, the catalog does not list this backup.
        Steps?.Report(new StepProgress($"Backing up '{plan.Collection}'", "Writing the manifest", 95));
        await phases.TimeAsync(Phases.Manifest, () => write.CommitAsync(backup, Signer, ct)).ConfigureAwait(false);
        phases.Add(Phases.Total, wall, backup.SizeBytes);
        backup.Timings = phases.Snapshot();

        _log.Verbose($"Backup {backup.Id} of '{plan.Collection}' is {backup.Status}: {backup.Parts.Length} part(s), {backup.SizeBytes} bytes. "
            + $"Time: {string.Join("; ", backup.Timings.Select(t => t.ToString()))}.");
        return backup;
    }

    // Waits for a task whose failure is not the one to report.
    private static Task Quietly(Task task) => task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    /// <summary>
    /// Every node's snapshot at once, then every node's part at once. Downloads wait until all snapshots are
    /// listed and recorded in the lease: a run killed mid-download must leave only snapshots the next run finds
    /// there (starting a small part early let a kill strand a big snapshot still being made). The store says how
    /// many parts it takes at once (<see cref="IBackupStore.ConcurrentUploads"/>): a folder takes them all; an
    /// object store already uploads each part's pieces in parallel, with a bounded buffer each. A failed snapshot
    /// lets the others finish so they can be deleted; the first failed part stops the other parts.
    /// </summary>
    private async Task StorePartsAsync(QdrantBackupPlan plan, SnapshotPoller[] pollers, SnapshotDescription?[] snapshots,
        (QdrantBackupPart Part, ArchiveSummary Archive, List<string> Problems)[] stored, QdrantPartWriter writer, BackupLease lease,
        IProgress<TransferProgress>? progress, PhaseClock phases, CancellationToken ct)
    {
        var activity = $"Backing up '{plan.Collection}'";
        Steps?.Report(new StepProgress(activity, $"Creating snapshots on {plan.Nodes.Count} node(s)", 0));
        var creating = PhaseClock.Now;
        var creations = plan.Nodes.Select(async node =>
            snapshots[node.Index] = await CreateSnapshotAsync(plan, node, pollers[node.Index], lease, ct).ConfigureAwait(false)).ToArray();
        await Task.WhenAll(creations).ConfigureAwait(false);
        phases.Add(Phases.Snapshot, creating);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var slots = new SemaphoreSlim(Math.Max(1, _store.ConcurrentUploads));
        var done = 0;
        var tasks = plan.Nodes.Select(async node =>
        {
            try
            {
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                try
                {
                    Steps?.Report(new StepProgress(activity, $"Storing the part from {node.Client.DisplayUri}",
                        10 + (80 * Volatile.Read(ref done) / plan.Nodes.Count)));
                    var problems = new List<string>();
                    var (part, archive) = await writer.StorePartAsync(plan, node, snapshots[node.Index]!, progress, problems, stop.Token, phases)
                        .ConfigureAwait(false);
                    stored[node.Index] = (part, archive, problems);
                    Interlocked.Increment(ref done);
                }
                finally
                {
                    slots.Release();
                }
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }).ToArray();

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // The part that failed first is the cause; the others were only stopped because of it.
            var cause = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException);
            if (cause is null)
            {
                throw;
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
        }
    }

    private async Task<SnapshotDescription?> CreateSnapshotAsync(QdrantBackupPlan plan, QdrantNodeView node, SnapshotPoller poller, BackupLease lease,
        CancellationToken ct)
    {
        var snapshot = await poller.CreateAsync(SnapshotTimeout, ct).ConfigureAwait(false);
        if (KeepServerSnapshot)
        {
            return snapshot;
        }

        try
        {
            // Recorded as soon as it is known: if this run is killed from here on, the next one deletes it.
            await lease.RecordServerSnapshotAsync(new LeasedServerSnapshot(node.PeerId, node.Client.DisplayUri, plan.Collection, snapshot.Name), ct)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DrException or IOException or UnauthorizedAccessException)
        {
            // The snapshot is still returned, so this run deletes it when it ends; only a kill from here on would leave it.
            _log.Verbose($"Could not record {snapshot.Name} in the lease {lease.Key}: {ex.Message}.");
        }

        return snapshot;
    }

    /// <summary>
    /// Proves, once every part is stored, that each file taken was this run's own. On a node where that cannot be
    /// told, nothing is deleted (none of the candidates is provably this run's) and the run fails.
    /// </summary>
    private static async Task ConfirmOwnSnapshotsAsync(SnapshotPoller[] pollers, SnapshotDescription?[] snapshots, CancellationToken ct)
    {
        var ambiguous = new List<DrException>();
        for (var i = 0; i < pollers.Length; i++)
        {
            try
            {
                await pollers[i].ConfirmOwnAsync(ct).ConfigureAwait(false);
            }
            catch (DrException ex) when (ex.ErrorId == ErrorIds.QdrantSnapshotAmbiguous)
            {
                snapshots[i] = null;
                ambiguous.Add(ex);
            }
        }

        if (ambiguous.Count > 0)
        {
            throw ambiguous[0];
        }
    }
}
