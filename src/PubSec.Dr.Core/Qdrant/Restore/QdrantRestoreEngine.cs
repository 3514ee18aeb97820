using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Integrity;
using PubSec.Dr.Qdrant.Archive;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Backup;
using PubSec.Dr.Qdrant.Client;
using PubSec.Dr.Qdrant.Compare;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant.Restore;

/// <summary>
/// Restores a cluster-wide Qdrant backup: Full integrity first, then each node's part streamed from the
/// store to that node's upload endpoint (priority=snapshot, nodes in parallel; with replicated shards one node at a
/// time, each shard from one part only, from as few parts as cover every shard, the other sent parts' copies filtered out), then a wait
/// until every replica is Active, then a check against the
/// manifest's count, sample and golden queries. Every step is timed and recorded. Repeating a restore is safe: each upload replaces the node's
/// shards again, so running it after an interruption completes it.
/// </summary>
public sealed partial class QdrantRestoreEngine
{
    private const string Priority = "snapshot";
    private readonly IBackupStore? _store;
    private readonly IOperationLog _log;
    private readonly IQdrantCluster _target;
    private readonly Lazy<DecryptionKeyRing> _storeKeys = new(DecryptionKeyRing.FromStores);
    private readonly TimeSpan _convergeTimeout = TimeSpan.FromMinutes(30);

    /// <param name="target">The cluster restored onto (from the backend factory); the caller disposes it.</param>
    /// <param name="store">Where the backups are read (and forensic backups written); null: each backup's own store.</param>
    public QdrantRestoreEngine(IQdrantCluster target, IBackupStore? store, IOperationLog log)
    {
        _target = target;
        _store = store;
        _log = log;
    }

    public int ThrottleLimit { get; init; } = 3;

    /// <summary>
    /// How long the cluster may take to settle after the upload, and each node to answer its upload (it answers
    /// once it has loaded the snapshot). Checked when set, so a value that cannot work stops the restore before
    /// anything changes.
    /// </summary>
    public TimeSpan ConvergeTimeout
    {
        get => _convergeTimeout;
        init => _convergeTimeout = DurationRange.Wait.Check("-ConvergeTimeout", value);
    }

    public double MinimumRecall { get; init; } = 0.9;

    public IProgress<StepProgress>? Steps { get; init; }

    /// <summary>The caller has just checked Full integrity itself, so the preflight does not read every byte again.</summary>
    public bool IntegrityAlreadyVerified { get; init; }

    /// <summary>The private keys for an encrypted backup; without it, the certificate stores are searched.</summary>
    public DecryptionKeyRing? Decryption { get; init; }

    /// <summary>Back up the target's current (maybe damaged) collection, tagged forensic, before anything changes.</summary>
    public bool PreserveCurrentState { get; init; }

    /// <summary>When set, the volumes are reset through Kubernetes between preflight and restore.</summary>
    public Kubernetes.StatefulSetVolumeReset? VolumeReset { get; init; }

    /// <summary>Signers one of which must have signed the manifest, besides those of the store.</summary>
    public IReadOnlyList<X509Certificate2> TrustedSigners { get; init; } = [];

    /// <summary>
    /// Read-only: the backup's manifest is read again from the store and must be the object's, with a valid (and,
    /// when required, trusted) signature, before the target is even looked at; then the target is checked.
    /// </summary>
    public async Task<QdrantRestorePlan> PlanAsync(QdrantBackup backup, string? collection, CancellationToken ct)
    {
        await ManifestGate.RequireAsync(backup, StoreOf(backup), TrustedSigners, ct).ConfigureAwait(false);
        return await new QdrantRestorePlanner(_target.Points, _target.Nodes).PlanAsync(backup, collection ?? backup.Collection, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one restore; the result records every step even when one fails (the failure is returned too). With
    /// <see cref="VolumeReset"/> this is a run of one backup (see the overload for several).
    /// </summary>
    public async Task<(RestoreResult Result, DrException? Failure)> RestoreAsync(QdrantRestorePlan plan, IProgress<TransferProgress>? progress,
        CancellationToken ct)
    {
        var outcomes = new List<(RestoreResult Result, DrException? Failure)>();
        await foreach (var outcome in RestoreAsync([plan], progress, ct).ConfigureAwait(false))
        {
            outcomes.Add(outcome);
        }

        return outcomes.Single();
    }

    /// <summary>Deletes a collection on the target (the scratch collection of a restore test), ignoring 404.</summary>
    public Task DropCollectionAsync(string collection, CancellationToken ct) => _target.Nodes[0].DeleteCollectionAsync(collection, ct);

    /// <summary>The steps before a volume reset: nothing on the target changes in them.</summary>
    private async Task BeforeResetAsync(PlanRun run, CancellationToken ct)
    {
        await run.Steps.RunAsync("Preflight", () => PreflightAsync(run.Plan, ct)).ConfigureAwait(false);
        if (PreserveCurrentState && run.Plan.LivePointCount is not null)
        {
            await run.Steps.RunAsync("PreserveCurrentState", () => PreserveAsync(run.Plan, run.Result, ct)).ConfigureAwait(false);
        }
        else
        {
            run.Steps.Skip("PreserveCurrentState", PreserveCurrentState ? "The collection does not exist on the target; nothing to preserve." : "Not requested (-PreserveCurrentState).");
        }
    }

    private async Task AfterResetAsync(PlanRun run, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var plan = run.Plan;
        await run.Steps.RunAsync("Restore", () => UploadAllAsync(plan, run.Result, progress, ct)).ConfigureAwait(false);
        await run.Steps.RunAsync("Converge", () => ClusterConvergence.WaitAsync(_target.Nodes, plan.Collection, ConvergeTimeout, ct)).ConfigureAwait(false);
        await run.Steps.RunAsync("Verify", () => VerifyAsync(plan, run.Result, ct)).ConfigureAwait(false);
    }

    private async Task<string> PreflightAsync(QdrantRestorePlan plan, CancellationToken ct)
    {
        // Again, right before the first change: a confirmation prompt may have waited while the store changed.
        await ManifestGate.RequireAsync(plan.Backup, StoreOf(plan.Backup), TrustedSigners, ct).ConfigureAwait(false);
        // Before anything destructive: an encrypted backup we cannot open must stop the restore here.
        Keys.EnsureAvailable(plan.Backup);
        if (IntegrityAlreadyVerified || _verifiedWhenChosen.Contains(plan.Backup))
        {
            return $"Full integrity verified by the caller; target Qdrant {plan.TargetVersion}.";
        }

        var report = await new IntegrityChecker(StoreOf(plan.Backup), _log) { Decryption = Keys, TrustedSigners = TrustedSigners }
            .CheckAsync(plan.Backup, IntegrityLevel.Full, null, ct).ConfigureAwait(false);
        if (report.Verdict != IntegrityVerdict.Passed)
        {
            var keyProblem = report.Checks.FirstOrDefault(c => !c.Passed && c.ErrorId is ErrorIds.BackupDecryptionKeyNotFound or ErrorIds.BackupDecryptionFailed);
            if (keyProblem is not null)
            {
                throw new DrException(keyProblem.ErrorId!, DrErrorCategory.InvalidData,
                    $"Backup {plan.Backup.Id} is encrypted and could not be opened, so nothing was restored: {keyProblem.Detail}",
                    EncryptionErrors.PassCertificateHint, plan.Backup.Id);
            }

            var failed = report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name} {c.Target}: {c.Detail}");
            throw new DrException(ErrorIds.RestoreBackupNotUsable, DrErrorCategory.InvalidData,
                $"Backup {plan.Backup.Id} failed its Full integrity check, so nothing was restored: {string.Join(" ", failed)}",
                "Restore an older backup that passes: Get-DrBackup -Store <store> -Collection <name> | Test-BackupIntegrity.", plan.Backup.Id);
        }

        var drift = plan.Drift.Count == 0 ? string.Empty : " Drift: " + string.Join("; ", plan.Drift) + ".";
        return $"Full integrity passed ({report.BytesRead} bytes re-hashed); target Qdrant {plan.TargetVersion}; "
            + string.Join(", ", plan.Mappings.Select(m => $"{m.Part.Key} -> {m.Node.DisplayUri}")) + "." + drift;
    }

    // The damaged state is evidence: it is kept as an ordinary backup in the same store, tagged forensic so
    // that -Latest and automatic restores never pick it. A damaged cluster may only allow an Incomplete one.
    private async Task<string> PreserveAsync(QdrantRestorePlan plan, RestoreResult result, CancellationToken ct)
    {
        // The live data is what the encrypted backup protects, so its forensic copy is encrypted too, for the
        // recipients whose keys opened the backup (the ones we know can read it again).
        var encryption = plan.Backup.AllParts.Any(p => p.Encryption is not null) ? new PartEncryptor(Keys.RecipientsHeldFor(plan.Backup)) : null;
        var store = StoreOf(plan.Backup);
        var backups = new QdrantBackupEngine(_target, store, _log) { Tags = [DrBackup.ForensicTag], Encryption = encryption };
        var forensicPlan = await backups.PlanAsync(plan.Collection, ct).ConfigureAwait(false);
        var forensic = await backups.BackupAsync(forensicPlan, null, ct).ConfigureAwait(false);
        result.ForensicBackupId = forensic.Id;
        return $"Forensic backup {forensic.Id} ({forensic.Status}, {forensic.PointCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} points, {forensic.SizeBytes} bytes) in {store.Location}.";
    }

    private DecryptionKeyRing Keys => Decryption ?? _storeKeys.Value;

    private IBackupStore StoreOf(QdrantBackup backup) => _store ?? backup.Store ?? throw new DrException(ErrorIds.BackupStoreUnknown,
        DrErrorCategory.InvalidArgument, $"The backup {backup.Id} does not say which store it is in.",
        "Pipe backups from Get-DrBackup or New-QdrantBackup, which carry their store.", backup.Id);

    private async Task<string> UploadAllAsync(QdrantRestorePlan plan, RestoreResult result, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var uploads = PlanUploads(plan, out var order);
        var total = uploads.Sum(u => u.Mapping.Part.Size);
        var meter = new TransferMeter(progress, $"Restoring '{plan.Collection}'", $"{uploads.Count} part(s) to {uploads.Count} node(s)", total);
        long read = 0;
        long sent = 0;
        var kept = 0;
        // Parallel uploads share one progress bar: every read from the store adds to one counter.
        void OnRead(int count) => meter.Report(Interlocked.Add(ref read, count));

        // One token for this restore's uploads: their names cannot be any other file's (see UploadedSnapshotName).
        var token = UploadedSnapshotName.NewToken();
        var parallelism = order == UploadOrder.Serial ? 1 : Math.Max(1, ThrottleLimit);
        // Replicated shards: each part holds back its last bytes until it is its node's turn, and the turn passes on
        // only when the cluster has settled (see PlanUploads). The parts stream one after another: the next one
        // streams while the node before recovers and re-syncs its replicas, so that wait hides behind a transfer
        // instead of being added after all of them.
        using var turns = order == UploadOrder.Turns ? new SemaphoreSlim(1, 1) : null;
        using var streaming = order == UploadOrder.Turns ? new SemaphoreSlim(1, 1) : null;
        var recovered = new System.Collections.Concurrent.ConcurrentQueue<string>();
        try
        {
            await Parallel.ForEachAsync(uploads, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
                async (upload, itemToken) =>
                {
                    var turn = new Claim(turns);
                    var stream = new Claim(streaming);
                    try
                    {
                        await stream.WaitAsync(itemToken).ConfigureAwait(false);
                        var (deleted, bytes) = await UploadPartAsync(StoreOf(plan.Backup), plan.Collection, upload, UploadedSnapshotName.For(token, upload.Node), OnRead,
                            turns is null ? null : async endToken =>
                            {
                                // All but the end is sent: the next part may stream while this one waits for, and takes, its turn.
                                stream.Release();
                                await turn.WaitAsync(endToken).ConfigureAwait(false);
                            }, itemToken).ConfigureAwait(false);
                        Interlocked.Add(ref sent, bytes);
                        if (!deleted)
                        {
                            Interlocked.Increment(ref kept);
                        }

                        recovered.Enqueue($"{upload.Mapping.Part.Key} -> {upload.Mapping.Node.DisplayUri}");
                        if (order != UploadOrder.Parallel)
                        {
                            await ClusterConvergence.WaitAsync(_target.Nodes, plan.Collection, ConvergeTimeout, itemToken).ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        stream.Release();
                        turn.Release();
                    }
                }).ConfigureAwait(false);
        }
        catch (DrException ex)
        {
            // The operator must know what this restore already replaced: those nodes no longer hold what they held.
            result.BytesUploaded = Interlocked.Read(ref sent);
            throw new DrException(ex.ErrorId, ex.Category, ex.Message + ChangedBefore(recovered), ex.RecommendedAction, ex.Target, ex.InnerException ?? ex);
        }

        meter.Report(read, force: true);

        result.BytesUploaded = sent;
        result.MegabytesPerSecond = Math.Round(sent / 1048576.0 / Math.Max(1e-6, clock.Elapsed.TotalSeconds), 1);
        var copies = kept == 0 ? "the copies Qdrant keeps of the uploads were deleted" : $"{kept} copy(ies) Qdrant keeps of the uploads could not be deleted (see the warnings)";
        return $"{uploads.Count} part(s), {sent} bytes sent ({read} read from the backup) in {clock.Elapsed.TotalSeconds:0.0} s ({result.MegabytesPerSecond} MB/s), "
            + $"{Order(plan, uploads, order, parallelism)}, priority={Priority}, {Checked(uploads)}; {copies}.";
    }

    /// <summary>
    /// What goes where. Unreplicated collections share no shard between nodes: every part goes whole, in parallel.
    /// Replicated ones: each shard with data is restored from exactly one part, from as few parts as possible
    /// (<see cref="ShardAssignment"/>), every other sent part's copy of it is filtered out, and a part restoring
    /// nothing is not sent, so each shard's bytes travel and load once instead of once per replica, and the
    /// one-at-a-time recoveries below are as few as the placement allows (one when a node held every shard).
    /// <para>
    /// Their recoveries must still come one at a time, the cluster settling in between: a recovery switches every
    /// local replica of its node to ManualRecovery while it runs and gives the shards it has no data for their old
    /// state back afterwards. When node A reads the cluster state to decide which other replicas of its shard to
    /// mark Dead (reference §9.3) while node B's recovery holds B's replica of that shard in ManualRecovery, A does
    /// not mark it, and B then sets it Active again with its old data (the lab reproduced it: a replication_factor 3
    /// restore with free-running parallel parts verified 1925 of 2000 points). Qdrant spools an upload whole
    /// before it recovers from it, so each part holds back its last bytes until it is its node's turn
    /// (<see cref="UploadOrder.Turns"/>), and the next part streams meanwhile: one node's recovery and re-sync overlap
    /// the next part's transfer.
    /// </para>
    /// </summary>
    private static List<PartUpload> PlanUploads(QdrantRestorePlan plan, out UploadOrder order)
    {
        if (plan.Backup.Config.ReplicationFactor <= 1)
        {
            order = UploadOrder.Parallel;
            return plan.Mappings.Select((mapping, node) => new PartUpload(mapping, node, null)).ToList();
        }

        var assignment = ShardAssignment.Assign(plan.Mappings.Select(m => m.Part).ToList());
        if (assignment is null)
        {
            // The one case the assignment cannot serve: a manifest that does not say which shards each part holds data
            // for (no shard records). Then every part goes whole, one node at a time, settling in between.
            order = UploadOrder.Serial;
            return plan.Mappings.Select((mapping, node) => new PartUpload(mapping, node, null)).ToList();
        }

        order = UploadOrder.Turns;
        return plan.Mappings.Select((mapping, node) => new PartUpload(mapping, node, assignment[node])).Where(u => u.Restores!.Count > 0).ToList();
    }

    private static string Order(QdrantRestorePlan plan, IReadOnlyList<PartUpload> uploads, UploadOrder order, int parallelism)
    {
        switch (order)
        {
            case UploadOrder.Parallel:
                return $"up to {parallelism} node(s) in parallel";
            case UploadOrder.Serial:
                return "one node at a time, settling in between (replicated shards; every part whole, the manifest does not say which shards each part holds data for)";
        }

        var skipped = plan.Mappings.Count - uploads.Count;
        var shards = string.Join(", ", uploads.Select(u => $"{u.Mapping.Part.Key}: shard(s) {string.Join(" ", u.Restores!)}"));
        var recovering = uploads.Count == 1
            ? "one node recovering every shard"
            : "the parts streamed one after another and the nodes recovering one at a time (each upload's end held back until the node before had settled, "
                + "the next part streaming meanwhile)";
        return $"each shard restored from one part ({shards}"
            + (skipped > 0 ? $"; {skipped} part(s) not needed, not sent" : string.Empty)
            + $"), {recovering}, the other replicas re-synced by Qdrant";
    }

    private static string Checked(IReadOnlyList<PartUpload> uploads)
    {
        var filtered = uploads.Count(u => u.Filtered);
        var whole = uploads.Count - filtered;
        var parts = new List<string>();
        if (whole > 0)
        {
            parts.Add($"Qdrant verified the manifest checksum of {whole} whole part(s)");
        }

        if (filtered > 0)
        {
            parts.Add($"{filtered} filtered part(s) matched the manifest SHA-256 of the stored part, checked before the archive's end was sent");
        }

        return string.Join(", ", parts);
    }

    private static string ChangedBefore(IReadOnlyCollection<string> recovered) => recovered.Count == 0
        ? " No node had been recovered from this backup before the failure."
        : $" Already recovered before the failure (these nodes now hold the backup's data): {string.Join(", ", recovered)}.";

    /// <summary>
    /// Uploads one part (whole, or without the data of the shards other parts restore) and deletes Qdrant's copy of
    /// it again. Returns whether that copy is gone and how many bytes were sent.
    /// </summary>
    private async Task<(bool Deleted, long Sent)> UploadPartAsync(IBackupStore store, string collection, PartUpload upload, string uploadName, Action<int> onRead,
        Func<CancellationToken, Task>? beforeEnd, CancellationToken ct)
    {
        var mapping = upload.Mapping;
        var cleanup = new UploadedSnapshotCleanup(_log);
        await cleanup.DeleteLeftoversAsync(mapping.Node, collection, ct).ConfigureAwait(false);
        _log.Verbose(upload.Filtered
            ? $"Uploading {mapping.Part.Key} ({mapping.Part.Size} bytes) to {mapping.Node.DisplayUri} as {uploadName}, restoring only shard(s) {string.Join(" ", upload.Restores!)}."
            : $"Uploading {mapping.Part.Key} ({mapping.Part.Size} bytes) to {mapping.Node.DisplayUri} as {uploadName}.");
        var stored = await store.OpenReadAsync(mapping.Part.Key, ct).ConfigureAwait(false);
        // Qdrant gets the plaintext, and its checksum (the manifest's Sha256) is of the plaintext too.
        Stream source = mapping.Part.Encryption is null ? stored : Keys.Open(mapping.Part, stored);
        await using var counted = new ProgressReadStream(source, onRead);
        // A filtered upload's hash is unknown in advance: the filter checks the stored bytes against the manifest and
        // fails the read before the archive's end, so Qdrant (which spools the whole upload first) recovers nothing.
        await using var filter = upload.Filtered
            ? new ShardDataFilterStream(counted, upload.Dropped, mapping.Part.Sha256, mapping.Part.Key) { BeforeEnd = beforeEnd }
            : null;
        await using var whole = filter is null && beforeEnd is not null ? new HeldEndStream(counted, mapping.Part.Size, beforeEnd) : null;
        bool deleted;
        try
        {
            if (filter is null)
            {
                await mapping.Node.RecoverFromUploadAsync(collection, (Stream?)whole ?? counted, mapping.Part.Size, uploadName,
                    mapping.Part.Sha256, Priority, ConvergeTimeout, ct).ConfigureAwait(false);
            }
            else
            {
                await mapping.Node.RecoverFromUploadAsync(collection, filter, null, uploadName, null, Priority, ConvergeTimeout, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (filter?.Failure is { } failure && ex is not OperationCanceledException)
        {
            // However HttpClient wrapped it, the filter's own reason is the one to report.
            throw new DrException(failure.ErrorId, failure.Category, failure.Message, failure.RecommendedAction, failure.Target, ex);
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.QdrantRequestFailed or ErrorIds.QdrantUnreachable or ErrorIds.QdrantTimeout)
        {
            throw new DrException(ErrorIds.RestoreUploadFailed, ex.Category,
                $"Restoring {mapping.Part.Key} onto {mapping.Node.DisplayUri} failed: {ex.Message}",
                "Check the node's log and free disk (the upload is spooled, then unpacked); running the restore again repeats every node safely.",
                mapping.Part.Key, ex);
        }
        finally
        {
            // Also after a failure or Ctrl+C: what Qdrant kept of the upload goes now, before anything may drop the collection.
            deleted = await cleanup.DeleteAsync(mapping.Node, collection, uploadName).ConfigureAwait(false);
        }

        return (deleted, filter?.BytesWritten ?? mapping.Part.Size);
    }

    private enum UploadOrder
    {
        /// <summary>Whole parts, up to ThrottleLimit at once (no replicated shards).</summary>
        Parallel,

        /// <summary>Whole parts, one node at a time, settling in between.</summary>
        Serial,

        /// <summary>Parts streamed one after another, each node's recovery in turn, settling in between, the next part streaming meanwhile.</summary>
        Turns,
    }

    /// <summary>
    /// One upload's claim on a one-at-a-time slot (the recovery turn, or streaming), given back once however the
    /// upload ends. Without a slot (whole parts in parallel) waiting and releasing do nothing.
    /// </summary>
    private sealed class Claim(SemaphoreSlim? slot)
    {
        private int _held;

        public async Task WaitAsync(CancellationToken ct)
        {
            if (slot is null)
            {
                return;
            }

            await slot.WaitAsync(ct).ConfigureAwait(false);
            Volatile.Write(ref _held, 1);
        }

        public void Release()
        {
            if (Interlocked.Exchange(ref _held, 0) == 1)
            {
                slot!.Release();
            }
        }
    }

    /// <summary>One part's upload; <see cref="Restores"/> null: the whole part (what it holds, it restores).</summary>
    private sealed record PartUpload(PartMapping Mapping, int Node, IReadOnlySet<int>? Restores)
    {
        /// <summary>The shards with data in the part that another part restores.</summary>
        public IReadOnlySet<int> Dropped { get; } = Restores is null
            ? new HashSet<int>()
            : ShardAssignment.DataShards(Mapping.Part).Where(s => !Restores.Contains(s)).ToHashSet();

        public bool Filtered => Dropped.Count > 0;
    }

    private async Task<string> VerifyAsync(QdrantRestorePlan plan, RestoreResult result, CancellationToken ct)
    {
        var comparison = await new QdrantCollectionComparer(_target.Points)
            .CompareAsync(plan.Collection, QdrantExpectations.From(plan.Backup), MinimumRecall, ct).ConfigureAwait(false);
        result.Comparison = comparison;
        var figures = $"count {comparison.ActualPointCount} (backup {comparison.ExpectedPointCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}), "
            + $"sample {comparison.SampleMatched}/{comparison.SampleChecked}, mean recall {comparison.MeanRecall?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"}";
        if (!comparison.Equivalent)
        {
            throw new DrException(ErrorIds.RestoreVerificationFailed, DrErrorCategory.InvalidResult,
                $"'{plan.Collection}' does not match backup {plan.Backup.Id} after the restore: {figures}; "
                + string.Join("; ", comparison.Differences.Take(10).Select(d => $"{d.Kind} {d.PointId} expected {d.Expected} got {d.Actual}")),
                "Compare-QdrantCollection lists every difference. Make sure nothing writes to the collection during a restore, then restore again.",
                plan.Collection);
        }

        return figures + ".";
    }
}
