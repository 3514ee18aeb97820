using PubSec.Dr.Backups;
using PubSec.Dr.Backups.Catalog;
using PubSec.Dr.Backups.Leases;
using PubSec.Dr.Backups.Signing;
using PubSec.Dr.Errors;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Backups.Copy;

/// <summary>
/// Copies a backup to another store (a second region, another cloud) as it is stored, encrypted parts
/// included. Each part streams once from source to destination while its SHA-256 is checked against the
/// manifest, then is read back from the destination and checked again; only when every part passed is the
/// manifest written, so a copy either is listed and verified or is not listed at all. A re-run skips parts
/// the destination already holds with the right hash.
/// What is copied is what the source store holds now: its manifest is read again (it must still be the object's,
/// with a valid signature if it has one) and written to the destination byte for byte, its signature
/// (manifest.json.p7s) likewise, so the copy verifies with the source's signer, by this module or by openssl.
/// The copy holds a lease in the backup's folder at the
/// destination (<see cref="BackupLease"/>) from before it looks at any part until the manifest is written, so
/// retention there keeps that backup instead of deleting the parts the copy is counting on.
/// </summary>
public sealed class BackupCopier
{
    private readonly IBackupStore _destination;
    private readonly IOperationLog _log;

    public BackupCopier(IBackupStore destination, IOperationLog log)
    {
        _destination = destination;
        _log = log;
    }

    /// <summary>
    /// Signs the copy of a backup whose source is unsigned. A signed source keeps its own signature: replacing it would
    /// erase who made the backup, and a second signer would make openssl demand both certificates.
    /// </summary>
    public ManifestSigner? Signer { get; init; }

    /// <summary>Timing of the copy's lease; tests shorten it.</summary>
    public LeaseTiming? LeaseTiming { get; init; }

    /// <summary>
    /// Copy-DrBackup's operation: asks <c>confirm(target, action)</c> (the cmdlet's ShouldProcess) first, then copies
    /// and logs what moved. Null when not confirmed.
    /// </summary>
    public async Task<BackupCopyResult?> CopyAsync(DrBackup backup, Func<string, string, bool> confirm, IProgress<TransferProgress>? progress,
        CancellationToken ct)
    {
        var source = backup.Store?.Location ?? "(unknown store)";
        if (!confirm(backup.Id, $"Copy {backup.AllParts.Count} part(s), {backup.SizeBytes} bytes, from {source} to {_destination.Location}"))
        {
            return null;
        }

        var result = await CopyAsync(backup, progress, ct).ConfigureAwait(false);
        _log.Verbose($"{result.BackupId}: {result.PartsCopied} part(s) copied ({result.BytesCopied} bytes), {result.PartsSkipped} already verified at the destination, in {result.Duration.TotalSeconds:F1} s.");
        return result;
    }

    public async Task<BackupCopyResult> CopyAsync(DrBackup backup, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var source = backup.Store ?? throw new DrException(ErrorIds.BackupStoreUnknown, DrErrorCategory.InvalidArgument,
            $"The backup {backup.Id} does not say which store it is in.",
            "Pipe backups from Get-DrBackup or New-QdrantBackup, which carry their store.", backup.Id);
        if (string.Equals(source.Location, _destination.Location, StringComparison.Ordinal))
        {
            throw new DrException(ErrorIds.CopySameStore, DrErrorCategory.InvalidArgument,
                $"The backup {backup.Id} is already in {source.Location}; a copy onto itself would protect nothing.",
                "Give a -Destination in another bucket, container, region or cloud.", backup.Id);
        }

        var folder = PrefixOf(backup);
        // The source store's manifest, not the object piped in: checked before anything is copied.
        var stored = await ManifestGate.RequireAsync(backup, source, trustedSigners: null, ct).ConfigureAwait(false);
        var manifestKey = stored.Key;
        var signature = SignatureFor(stored);
        // A destination that requires trusted signers must not receive a copy it would then refuse.
        ManifestTrust.VerifierFor(_destination, null).Verify(stored.Json, signature, backup.Id, stored.SignatureKey);
        var started = DateTime.UtcNow;
        await using var lease = await BackupLease.AcquireForWriteAsync(_destination, folder, BackupLease.CopyOperation, backup.Source, backup.Id,
            _log, ct, LeaseTiming).ConfigureAwait(false);
        // No other live writer is in this folder now, so what an earlier, killed copy left is abandoned: its lease, and
        // unfinished uploads that would otherwise linger (and cost) forever.
        foreach (var stale in (await LeaseObjects.FindAsync(_destination, folder, ct).ConfigureAwait(false)).Where(l => !l.IsLive))
        {
            await _destination.DeleteAsync(stale.Key, ct).ConfigureAwait(false);
        }

        var removed = await _destination.RemoveIncompleteUploadsAsync(folder, started, ct).ConfigureAwait(false);
        if (removed > 0)
        {
            _log.Verbose($"Removed {removed} unfinished upload(s) of an earlier copy of {backup.Id} from {_destination.Location}.");
        }

        var result = new BackupCopyResult { BackupId = backup.Id, Kind = backup.Kind, Source = source.Location, Destination = _destination.Location };
        var total = stored.Backup.AllParts.Sum(p => p.ExpectedStoredSize);
        foreach (var part in stored.Backup.AllParts)
        {
            var meter = new TransferMeter(progress, $"Copying backup {backup.Id} to {_destination.Location}", part.Key, part.ExpectedStoredSize);
            if (await HoldsVerifiedAsync(part, meter, ct).ConfigureAwait(false))
            {
                _log.Verbose($"{part.Key} is already in {_destination.Location} with SHA-256 {part.ExpectedStoredSha256}; skipped.");
                result.PartsSkipped++;
                continue;
            }

            await CopyPartAsync(source, part, meter, ct).ConfigureAwait(false);
            await VerifyCopiedPartAsync(part, ct).ConfigureAwait(false);
            result.PartsCopied++;
            result.BytesCopied += part.ExpectedStoredSize;
        }

        // The copy is a new object read back from the source's manifest bytes, so the caller's backup keeps pointing at its source.
        var copy = await ManifestJson.DeserializeAsync(new MemoryStream(stored.Json, writable: false), manifestKey, ct).ConfigureAwait(false);
        lease.ThrowIfLost();
        await new BackupCatalog(_destination).WriteManifestAsync(copy, manifestKey, stored.Json, signature, ct).ConfigureAwait(false);
        result.Copy = copy;
        result.BytesTotal = total;
        result.Duration = DateTime.UtcNow - started;
        _log.Verbose($"Copied {backup.Id}: {result.PartsCopied} part(s) copied, {result.PartsSkipped} already there, all verified.");
        return result;
    }

    private byte[]? SignatureFor(StoredManifest stored)
    {
        if (stored.Signature is null)
        {
            // This signature proves the copy unchanged from now on, not that the unsigned source was never altered before.
            return Signer?.Sign(stored.Json);
        }

        if (Signer is not null)
        {
            _log.Warning($"Backup {stored.Backup.Id} is already signed; its copy keeps that signature byte for byte, and -SigningCertificate '{Signer.Subject}' was not used for it.");
        }

        return stored.Signature;
    }

    // A backup's folder is its manifest key without the file name: every part lives under it.
    private static string PrefixOf(DrBackup backup)
    {
        var key = string.IsNullOrEmpty(backup.ManifestKey) ? throw new DrException(ErrorIds.BackupManifestInvalid,
            DrErrorCategory.InvalidArgument, $"The backup {backup.Id} has no manifest key.",
            "Pipe backups from Get-DrBackup or New-QdrantBackup.", backup.Id) : backup.ManifestKey;
        return StoreKey.Validate(key)[..(key.LastIndexOf('/') + 1)];
    }

    private async Task<bool> HoldsVerifiedAsync(BackupPart part, TransferMeter meter, CancellationToken ct)
    {
        var info = await _destination.GetInfoAsync(part.Key, ct).ConfigureAwait(false);
        if (info is null || info.Size != part.ExpectedStoredSize)
        {
            return false;
        }

        // Presence and size are claims; only the bytes' hash proves an earlier run finished this part.
        await using var stream = await _destination.OpenReadAsync(part.Key, ct).ConfigureAwait(false);
        var read = await StreamCopier.CopyAsync(stream, destination: null, meter, ct).ConfigureAwait(false);
        return string.Equals(read.Sha256, part.ExpectedStoredSha256, StringComparison.OrdinalIgnoreCase);
    }

    private async Task CopyPartAsync(IBackupStore source, BackupPart part, TransferMeter meter, CancellationToken ct)
    {
        await using var content = await source.OpenReadAsync(part.Key, ct).ConfigureAwait(false);
        await using var upload = await _destination.BeginUploadAsync(part.Key, ct).ConfigureAwait(false);
        var copied = await StreamCopier.CopyAsync(content, upload.Content, meter, ct).ConfigureAwait(false);
        if (!string.Equals(copied.Sha256, part.ExpectedStoredSha256, StringComparison.OrdinalIgnoreCase) || copied.Bytes != part.ExpectedStoredSize)
        {
            // Disposing the upload without completing it aborts it: a bad source part never lands in the copy.
            throw new DrException(ErrorIds.CopyVerificationFailed, DrErrorCategory.InvalidData,
                $"The source part {part.Key} in {source.Location} has {copied.Bytes} bytes with SHA-256 {copied.Sha256}, but its manifest records {part.ExpectedStoredSize} bytes with {part.ExpectedStoredSha256}. Nothing of it was kept in the copy.",
                "The source backup is damaged: run Test-BackupIntegrity on it, and copy another backup.", part.Key);
        }

        await upload.CompleteAsync(ct).ConfigureAwait(false);
    }

    private async Task VerifyCopiedPartAsync(BackupPart part, CancellationToken ct)
    {
        CopyResult read;
        await using (var stream = await _destination.OpenReadAsync(part.Key, ct).ConfigureAwait(false))
        {
            read = await StreamCopier.CopyAsync(stream, destination: null, TransferMeter.None, ct).ConfigureAwait(false);
        }

        if (string.Equals(read.Sha256, part.ExpectedStoredSha256, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        await _destination.DeleteAsync(part.Key, CancellationToken.None).ConfigureAwait(false);
        throw new DrException(ErrorIds.CopyVerificationFailed, DrErrorCategory.InvalidData,
            $"The copy of {part.Key} in {_destination.Location} reads back with SHA-256 {read.Sha256}, not {part.ExpectedStoredSha256}. The bad copy was deleted and no manifest was written.",
            "Check the destination store (proxies, gateways or an S3-compatible server that alters data), then run Copy-DrBackup again.", part.Key);
    }
}
