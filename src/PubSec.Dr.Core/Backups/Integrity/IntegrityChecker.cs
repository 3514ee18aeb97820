using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Qdrant.Archive;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Backups.Integrity;

/// <summary>
/// Proves a stored backup is what its manifest says. Every level first reads the manifest again from the store
/// (the backup object may be older than the store's state) and verifies its signature over those bytes; the
/// checks then use what the store holds. Quick: manifest and every part's presence and size.
/// Full: also streams every part once, recomputing SHA-256 and reading the archive structure on the way;
/// an encrypted part is decrypted in that same pass, proving both its stored and its plaintext SHA-256.
/// </summary>
public sealed class IntegrityChecker
{
    private readonly IBackupStore _store;
    private readonly IOperationLog _log;
    private readonly Lazy<DecryptionKeyRing> _storeKeys = new(DecryptionKeyRing.FromStores);

    public IntegrityChecker(IBackupStore store, IOperationLog log)
    {
        _store = store;
        _log = log;
    }

    /// <summary>How many parts are read and hashed at once (each with two 1 MiB buffers and the inspector's bounded pipe).</summary>
    public int PartsAtOnce { get; init; } = 4;

    /// <summary>Where -Level Restore restores to; required for that level.</summary>
    public IRestoreProbe? ScratchRestore { get; init; }

    /// <summary>The private keys for encrypted parts; without one, only the certificate stores are searched.</summary>
    public DecryptionKeyRing? Decryption { get; init; }

    /// <summary>Signers one of which must have signed the manifest, besides those of the store (<see cref="TrustingBackupStore"/>).</summary>
    public IReadOnlyList<X509Certificate2> TrustedSigners { get; init; } = [];

    public async Task<IntegrityReport> CheckAsync(DrBackup backup, IntegrityLevel level, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var report = new IntegrityReport
        {
            BackupId = backup.Id,
            Kind = backup.Kind,
            Collection = backup.Source,
            Store = _store.Location,
            Level = level,
            CheckedAt = DateTime.UtcNow,
            Backup = backup,
        };

        var stored = await CheckStoredManifestAsync(backup, report, ct).ConfigureAwait(false);
        if (stored is null)
        {
            return Finish(report, clock);
        }

        // From here on the checks use what the store holds; it is the caller's object only when the two agree.
        backup = report.Backup!;
        report.Checks.Add(CheckManifest(backup));
        var archives = new Dictionary<string, ArchiveSummary>(StringComparer.Ordinal);
        var undecrypted = new HashSet<string>(StringComparer.Ordinal);
        var parts = backup.AllParts.ToList();
        var checkedParts = new (IntegrityReport Checks, ArchiveSummary? Archive)[parts.Count];
        // Parts are independent: reading and hashing several at once keeps every core (and a remote store's
        // connections) busy, which matters most in a restore's preflight, where this runs inside the RTO.
        await Parallel.ForEachAsync(Enumerable.Range(0, parts.Count), new ParallelOptions { MaxDegreeOfParallelism = PartsAtOnce, CancellationToken = ct },
            async (index, token) => checkedParts[index] = await CheckPartAsync(backup, parts[index], level, progress, token).ConfigureAwait(false)).ConfigureAwait(false);
        for (var index = 0; index < parts.Count; index++)
        {
            // The checks are reported in part order, whichever part finished first.
            var (checks, archive) = checkedParts[index];
            report.Checks.AddRange(checks.Checks);
            report.BytesRead += checks.BytesRead;
            if (archive is not null)
            {
                archives[parts[index].Key] = archive;
            }
            else if (checks.Checks.Any(c => c.Name == "PartDecryption" && !c.Passed))
            {
                undecrypted.Add(parts[index].Key);
            }
        }

        if (level >= IntegrityLevel.Full && backup is QdrantBackup qdrant)
        {
            report.Checks.AddRange(QdrantArchiveRules.Check(qdrant, archives, undecrypted));
        }

        if (level == IntegrityLevel.Restore)
        {
            report.Checks.Add(await RestoreCheckAsync(backup, report, ct).ConfigureAwait(false));
        }

        return Finish(report, clock);
    }

    private IntegrityReport Finish(IntegrityReport report, Stopwatch clock)
    {
        report.Duration = clock.Elapsed;
        _log.Verbose($"Integrity of {report.BackupId} ({report.Level}): {report.Verdict}, {report.Checks.Count(c => !c.Passed)} failed check(s), {report.BytesRead} bytes read.");
        return report;
    }

    /// <summary>
    /// ManifestStored: the manifest is still in the store and says what the object says (else the rest checks the
    /// store's manifest). ManifestSignature: its signature verifies over the stored bytes, by a trusted signer when
    /// one is required. Returns null when there is no readable manifest to check anything against.
    /// </summary>
    private async Task<StoredManifest?> CheckStoredManifestAsync(DrBackup backup, IntegrityReport report, CancellationToken ct)
    {
        var key = BackupLayout.ManifestKeyOf(backup);
        StoredManifest stored;
        try
        {
            stored = await StoredManifest.ReadAsync(_store, key, ct).ConfigureAwait(false);
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.BackupManifestMissing or ErrorIds.BackupManifestInvalid)
        {
            report.Checks.Add(Fail("ManifestStored", key, ex.ErrorId, ex.Message));
            return null;
        }

        if (stored.Matches(backup))
        {
            report.Checks.Add(Pass("ManifestStored", key, $"The store's manifest ({stored.Json.Length} bytes) says what this backup object says."));
        }
        else
        {
            report.Checks.Add(Fail("ManifestStored", key, ErrorIds.BackupManifestChanged,
                $"The store's manifest differs from this backup object in {string.Join(", ", stored.DifferencesFrom(backup))}; the other checks use the store's manifest."));
            report.Backup = stored.Backup;
        }

        var verifier = ManifestTrust.VerifierFor(_store, TrustedSigners);
        try
        {
            if (stored.VerifySignature(verifier) is { } signature)
            {
                report.Checks.Add(Pass("ManifestSignature", stored.SignatureKey, $"The manifest is {signature.Describe()}."));
            }
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.BackupSignatureMissing or ErrorIds.BackupSignatureInvalid or ErrorIds.BackupSignerUntrusted)
        {
            report.Checks.Add(Fail("ManifestSignature", stored.SignatureKey, ex.ErrorId, ex.Message));
        }

        return stored;
    }

    private async Task<IntegrityCheck> RestoreCheckAsync(DrBackup backup, IntegrityReport report, CancellationToken ct)
    {
        if (backup is not QdrantBackup qdrant || ScratchRestore is null)
        {
            throw new DrException(ErrorIds.IntegrityScratchUriMissing, DrErrorCategory.InvalidArgument,
                $"A restore test of {backup.Id} needs a Qdrant backup and a scratch cluster.",
                "Pass -ScratchQdrantUri (and -ScratchGrpcUri/-ScratchApiKey as needed) with -Level Restore.", backup.Id);
        }

        if (report.Checks.Any(c => !c.Passed))
        {
            return Fail("ScratchRestore", backup.Id, ErrorIds.RestoreBackupNotUsable, "Not attempted: the backup already fails its Full checks.");
        }

        return await ScratchRestore.RunAsync(qdrant, ct).ConfigureAwait(false);
    }

    private static IntegrityCheck CheckManifest(DrBackup backup)
    {
        var ok = backup.Status == BackupStatus.Succeeded && backup.AllParts.Count > 0;
        return new IntegrityCheck
        {
            Name = "Manifest",
            Target = backup.Id,
            Passed = ok,
            Detail = ok
                ? $"Status {backup.Status}, {backup.AllParts.Count} part(s)."
                : $"The backup is {backup.Status} with {backup.AllParts.Count} part(s): {string.Join(" ", backup.Problems)}",
            ErrorId = ok ? null : ErrorIds.BackupNotSucceeded,
        };
    }

    /// <summary>One part's checks, gathered apart so that parts can be checked side by side.</summary>
    private async Task<(IntegrityReport Checks, ArchiveSummary? Archive)> CheckPartAsync(DrBackup backup, BackupPart part, IntegrityLevel level,
        IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var checks = new IntegrityReport();
        var present = await CheckPresenceAsync(part, checks, ct).ConfigureAwait(false);
        var archive = present && level >= IntegrityLevel.Full
            ? await CheckContentAsync(backup, part, checks, progress, ct).ConfigureAwait(false)
            : null;
        return (checks, archive);
    }

    private async Task<bool> CheckPresenceAsync(BackupPart part, IntegrityReport report, CancellationToken ct)
    {
        var info = await _store.GetInfoAsync(part.Key, ct).ConfigureAwait(false);
        if (info is null)
        {
            report.Checks.Add(Fail("PartExists", part.Key, ErrorIds.BackupPartMissing, $"The part {part.Key} is not in the store."));
            return false;
        }

        report.Checks.Add(Pass("PartExists", part.Key, "Present."));
        report.Checks.Add(info.Size == part.ExpectedStoredSize
            ? Pass("PartSize", part.Key, $"{info.Size} bytes as recorded.")
            : Fail("PartSize", part.Key, ErrorIds.BackupPartSizeMismatch, $"The part has {info.Size} bytes; the manifest recorded {part.ExpectedStoredSize}."));
        return true;
    }

    private async Task<ArchiveSummary?> CheckContentAsync(DrBackup backup, BackupPart part, IntegrityReport report,
        IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var inspect = backup is QdrantBackup;
        if (part.Encryption is not null)
        {
            return await CheckEncryptedContentAsync(backup, part, report, inspect, progress, ct).ConfigureAwait(false);
        }

        await using var stream = await _store.OpenReadAsync(part.Key, ct).ConfigureAwait(false);
        var meter = new TransferMeter(progress, $"Verifying backup {backup.Id}", part.Key, part.Size);
        CopyResult result;
        ArchiveSummary? archive = null;
        if (ContentRules.For(backup) is { } rule)
        {
            // Formats other than Qdrant's tar (an RDB file, a logical dump) are checked by their own reader in the same pass.
            (result, var check) = await StreamCopier.CopyAsync(stream, destination: null, (content, token) => rule(content, part, token), meter, ct).ConfigureAwait(false);
            report.Checks.Add(check);
        }
        else
        {
            (result, archive) = await SnapshotArchiveInspector.CopyAsync(stream, destination: null, inspect, meter, ct).ConfigureAwait(false);
        }

        report.BytesRead += result.Bytes;
        report.Checks.Add(string.Equals(result.Sha256, part.Sha256, StringComparison.OrdinalIgnoreCase)
            ? Pass("PartChecksum", part.Key, $"SHA-256 {result.Sha256} as recorded.")
            : Fail("PartChecksum", part.Key, ErrorIds.BackupChecksumMismatch, $"SHA-256 is {result.Sha256}; the manifest recorded {part.Sha256}."));
        return archive;
    }

    private async Task<ArchiveSummary?> CheckEncryptedContentAsync(DrBackup backup, BackupPart part, IntegrityReport report, bool inspect,
        IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var ring = Decryption ?? _storeKeys.Value;
        DecryptingReadStream plaintext;
        try
        {
            plaintext = ring.Open(part, await _store.OpenReadAsync(part.Key, ct).ConfigureAwait(false));
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.BackupDecryptionKeyNotFound or ErrorIds.BackupDecryptionFailed)
        {
            report.Checks.Add(Fail("PartDecryption", part.Key, ex.ErrorId, $"{ex.Message} {ex.RecommendedAction}"));
            // Without the key the stored bytes can still be proven unaltered.
            await using var raw = await _store.OpenReadAsync(part.Key, ct).ConfigureAwait(false);
            var rawMeter = new TransferMeter(progress, $"Verifying backup {backup.Id}", part.Key, part.ExpectedStoredSize);
            var hashed = await StreamCopier.CopyAsync(raw, destination: null, rawMeter, ct).ConfigureAwait(false);
            AddStoredCheck(part, report, new StoredMeasure(hashed.Bytes, hashed.Sha256));
            return null;
        }

        await using (plaintext.ConfigureAwait(false))
        {
            var meter = new TransferMeter(progress, $"Verifying backup {backup.Id}", part.Key, part.Size);
            CopyResult? result = null;
            ArchiveSummary? archive = null;
            try
            {
                if (ContentRules.For(backup) is { } rule)
                {
                    // A format with its own reader (a configuration backup's Secrets) is read in the decrypting pass too.
                    (result, var check) = await StreamCopier.CopyAsync(plaintext, destination: null, (content, token) => rule(content, part, token), meter, ct).ConfigureAwait(false);
                    report.Checks.Add(check);
                }
                else
                {
                    (result, archive) = await SnapshotArchiveInspector.CopyAsync(plaintext, destination: null, inspect, meter, ct).ConfigureAwait(false);
                }
            }
            catch (DrException ex) when (ex.ErrorId == ErrorIds.BackupDecryptionFailed)
            {
                report.Checks.Add(Fail("PartDecryption", part.Key, ex.ErrorId, ex.Message));
            }

            AddStoredCheck(part, report, await plaintext.FinishAsync(ct).ConfigureAwait(false));
            if (result is null)
            {
                return null;
            }

            report.Checks.Add(Pass("PartDecryption", part.Key, $"Decrypted ({part.Encryption!.ContentAlgorithm}) to {result.Bytes} bytes."));
            report.Checks.Add(string.Equals(result.Sha256, part.Sha256, StringComparison.OrdinalIgnoreCase)
                ? Pass("PartChecksum", part.Key, $"Plaintext SHA-256 {result.Sha256} as recorded.")
                : Fail("PartChecksum", part.Key, ErrorIds.BackupChecksumMismatch, $"Plaintext SHA-256 is {result.Sha256}; the manifest recorded {part.Sha256}."));
            return archive;
        }
    }

    private static void AddStoredCheck(BackupPart part, IntegrityReport report, StoredMeasure stored)
    {
        report.BytesRead += stored.Bytes;
        report.Checks.Add(string.Equals(stored.Sha256, part.ExpectedStoredSha256, StringComparison.OrdinalIgnoreCase)
            ? Pass("PartStoredChecksum", part.Key, $"Stored SHA-256 {stored.Sha256} as recorded.")
            : Fail("PartStoredChecksum", part.Key, ErrorIds.BackupChecksumMismatch, $"Stored SHA-256 is {stored.Sha256}; the manifest recorded {part.ExpectedStoredSha256}."));
    }

    internal static IntegrityCheck Pass(string name, string target, string detail) =>
        new() { Name = name, Target = target, Passed = true, Detail = detail };

    internal static IntegrityCheck Fail(string name, string target, string errorId, string detail) =>
        new() { Name = name, Target = target, Passed = false, Detail = detail, ErrorId = errorId };
}
