using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Catalog;
using PubSec.Dr.Encryption;
using PubSec.Dr.Errors;
using PubSec.Dr.Integrity;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Restore;

/// <summary>
/// Restores a cluster-wide Qdrant backup: Full integrity first, then each node's part streamed from the
/// store to that node's upload endpoint (priority=snapshot, with the recorded checksum, nodes in parallel),
/// then a wait until every replica is Active, then a check against the manifest's count, sample and golden
/// queries. Every step is timed and recorded. Repeating a restore is safe: each upload replaces the node's
/// shards again, so running it after an interruption completes it.
/// </summary>
public sealed class QdrantRestoreEngine : IDisposable
{
    private const string Priority = "snapshot";
    private readonly IBackupStore _store;
    private readonly IOperationLog _log;
    private readonly QdrantGrpcGateway _grpc;
    private readonly QdrantRestClient[] _nodes;
    private readonly QdrantConnection _target;
    private readonly Lazy<DecryptionKeyRing> _storeKeys = new(DecryptionKeyRing.FromStores);

    public QdrantRestoreEngine(QdrantConnection target, IBackupStore store, IOperationLog log)
    {
        _target = target;
        _store = store;
        _log = log;
        _grpc = new QdrantGrpcGateway(target.GrpcUri, target.ApiKey);
        _nodes = target.Nodes.Select(uri => new QdrantRestClient(uri, target.ApiKey)).ToArray();
    }

    public int ThrottleLimit { get; init; } = 3;

    public TimeSpan ConvergeTimeout { get; init; } = TimeSpan.FromMinutes(30);

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
        await ManifestGate.RequireAsync(backup, _store, TrustedSigners, ct).ConfigureAwait(false);
        return await new QdrantRestorePlanner(_grpc, _nodes).PlanAsync(backup, collection ?? backup.Collection, ct).ConfigureAwait(false);
    }

    /// <summary>Runs the restore; the result records every step even when one fails (the failure is returned too).</summary>
    public async Task<(RestoreResult Result, DrException? Failure)> RestoreAsync(QdrantRestorePlan plan, IProgress<TransferProgress>? progress,
        CancellationToken ct)
    {
        var result = new RestoreResult
        {
            BackupId = plan.Backup.Id,
            Collection = plan.Collection,
            TargetNodes = _nodes.Select(n => n.DisplayUri).ToArray(),
        };
        var steps = new StepRecorder(result, Steps, $"Restoring '{plan.Collection}' from {plan.Backup.Id}", 6);
        try
        {
            await steps.RunAsync("Preflight", () => PreflightAsync(plan, ct)).ConfigureAwait(false);
            if (PreserveCurrentState && plan.LivePointCount is not null)
            {
                await steps.RunAsync("PreserveCurrentState", () => PreserveAsync(plan, result, ct)).ConfigureAwait(false);
            }
            else
            {
                steps.Skip("PreserveCurrentState", PreserveCurrentState ? "The collection does not exist on the target; nothing to preserve." : "Not requested (-PreserveCurrentState).");
            }

            if (VolumeReset is { } reset)
            {
                await steps.RunAsync("ResetVolumes", () => reset.ResetAsync(ct)).ConfigureAwait(false);
            }
            else
            {
                steps.Skip("ResetVolumes", "Not requested (-ResetVolumes).");
            }

            await steps.RunAsync("Restore", () => UploadAllAsync(plan, result, progress, ct)).ConfigureAwait(false);
            await steps.RunAsync("Converge", () => ClusterConvergence.WaitAsync(_nodes, plan.Collection, ConvergeTimeout, ct)).ConfigureAwait(false);
            await steps.RunAsync("Verify", () => VerifyAsync(plan, result, ct)).ConfigureAwait(false);
            return (result, null);
        }
        catch (DrException ex)
        {
            return (result, ex);
        }
    }

    /// <summary>Deletes a collection on the target (the scratch collection of a restore test), ignoring 404.</summary>
    public Task DropCollectionAsync(string collection, CancellationToken ct) => _nodes[0].DeleteCollectionAsync(collection, ct);

    public void Dispose()
    {
        _grpc.Dispose();
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private async Task<string> PreflightAsync(QdrantRestorePlan plan, CancellationToken ct)
    {
        // Again, right before the first change: a confirmation prompt may have waited while the store changed.
        await ManifestGate.RequireAsync(plan.Backup, _store, TrustedSigners, ct).ConfigureAwait(false);
        // Before anything destructive: an encrypted backup we cannot open must stop the restore here.
        Keys.EnsureAvailable(plan.Backup);
        if (IntegrityAlreadyVerified)
        {
            return $"Full integrity verified by the caller; target Qdrant {plan.TargetVersion}.";
        }

        var report = await new IntegrityChecker(_store, _log) { Decryption = Keys, TrustedSigners = TrustedSigners }
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
        using var backups = new QdrantBackupEngine(_target, _store, _log) { Tags = [DrBackup.ForensicTag], Encryption = encryption };
        var forensicPlan = await backups.PlanAsync(plan.Collection, ct).ConfigureAwait(false);
        var forensic = await backups.BackupAsync(forensicPlan, null, ct).ConfigureAwait(false);
        result.ForensicBackupId = forensic.Id;
        return $"Forensic backup {forensic.Id} ({forensic.Status}, {forensic.PointCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} points, {forensic.SizeBytes} bytes) in {_store.Location}.";
    }

    private DecryptionKeyRing Keys => Decryption ?? _storeKeys.Value;

    private async Task<string> UploadAllAsync(QdrantRestorePlan plan, RestoreResult result, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var total = plan.Mappings.Sum(m => m.Part.Size);
        var meter = new TransferMeter(progress, $"Restoring '{plan.Collection}'", $"{plan.Mappings.Count} part(s) to {plan.Mappings.Count} node(s)", total);
        long uploaded = 0;
        // Parallel uploads share one progress bar: every read adds to one counter.
        void OnRead(int count) => meter.Report(Interlocked.Add(ref uploaded, count));

        // With replicated shards, a priority=snapshot recovery marks the shard's other replicas Dead and re-syncs
        // them from itself; a second node recovering the same shard meanwhile aborts those transfers and can
        // leave every replica Dead (reference §9.3, issue #7851). So replicated collections go one node at a
        // time, letting the cluster settle in between; unreplicated ones share no shard and go in parallel.
        var replicated = plan.Backup.Config.ReplicationFactor > 1;
        var parallelism = replicated ? 1 : Math.Max(1, ThrottleLimit);
        await Parallel.ForEachAsync(plan.Mappings, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (mapping, token) =>
            {
                await UploadPartAsync(plan.Collection, mapping, OnRead, token).ConfigureAwait(false);
                if (replicated)
                {
                    await ClusterConvergence.WaitAsync(_nodes, plan.Collection, ConvergeTimeout, token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        meter.Report(uploaded, force: true);

        result.BytesUploaded = uploaded;
        result.MegabytesPerSecond = Math.Round(uploaded / 1048576.0 / Math.Max(1e-6, clock.Elapsed.TotalSeconds), 1);
        var order = replicated ? "one node at a time, settling in between (replicated shards)" : $"up to {parallelism} node(s) in parallel";
        return $"{plan.Mappings.Count} part(s), {uploaded} bytes in {clock.Elapsed.TotalSeconds:0.0} s ({result.MegabytesPerSecond} MB/s), {order}, priority={Priority}, checksums verified by Qdrant.";
    }

    private async Task UploadPartAsync(string collection, PartMapping mapping, Action<int> onRead, CancellationToken ct)
    {
        _log.Verbose($"Uploading {mapping.Part.Key} ({mapping.Part.Size} bytes) to {mapping.Node.DisplayUri}.");
        var stored = await _store.OpenReadAsync(mapping.Part.Key, ct).ConfigureAwait(false);
        // Qdrant gets the plaintext, and its checksum (the manifest's Sha256) is of the plaintext too.
        Stream source = mapping.Part.Encryption is null ? stored : Keys.Open(mapping.Part, stored);
        await using var counted = new ProgressReadStream(source, onRead);
        try
        {
            // The file name only names the copy Qdrant keeps in its snapshots folder.
            await mapping.Node.RecoverFromUploadAsync(collection, counted, mapping.Part.Size, Path.GetFileName(mapping.Part.SnapshotName),
                mapping.Part.Sha256, Priority, ct).ConfigureAwait(false);
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.QdrantRequestFailed or ErrorIds.QdrantUnreachable)
        {
            throw new DrException(ErrorIds.RestoreUploadFailed, ex.Category,
                $"Restoring {mapping.Part.Key} onto {mapping.Node.DisplayUri} failed: {ex.Message}",
                "Check the node's log and free disk (the upload is spooled, then unpacked); running the restore again repeats every node safely.",
                mapping.Part.Key, ex);
        }
    }

    private async Task<string> VerifyAsync(QdrantRestorePlan plan, RestoreResult result, CancellationToken ct)
    {
        var comparison = await new QdrantCollectionComparer(_grpc)
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
