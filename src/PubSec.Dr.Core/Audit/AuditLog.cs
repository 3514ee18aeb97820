using System.Runtime.CompilerServices;
using System.Text.Json;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Audit;

/// <summary>
/// An append-only, hash-chained audit log in a backup store: one object per record under audit/records/, each
/// holding the SHA-256 of the previous record's stored bytes, so editing, deleting or inserting a record breaks the
/// chain where it happened. Appends use the store's create-if-absent write, so parallel runs on any number of hosts
/// never overwrite or lose a record: each sequence number is won by exactly one writer, the others move on.
/// audit/head.json is only a hint where the end is (it saves listing the whole log); it is never trusted for a hash.
/// </summary>
public sealed class AuditLog
{
    public const string Root = "audit/";

    /// <summary>How many sequence numbers one append may lose to other writers before it gives up.</summary>
    internal const int MaxConflicts = 200;

    private const int ReadConcurrency = 16;

    /// <summary>
    /// Per store location, the last sequence this process appended: where its next append starts, saving the hint
    /// read that a runbook's every cmdlet would otherwise repeat. Only a starting point: the record is still read
    /// and hashed, and a later end is found by losing the race for the next number.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> KnownEnds = new(StringComparer.Ordinal);

    private readonly IBackupStore _store;
    private readonly AuditIdentity _identity;
    private readonly TimeProvider _clock;

    public AuditLog(IBackupStore store, AuditIdentity? identity = null, TimeProvider? clock = null)
    {
        _store = store;
        _identity = identity ?? AuditIdentity.Current();
        _clock = clock ?? TimeProvider.System;
    }

    public IBackupStore Store => _store;

    /// <summary>The key of record <paramref name="sequence"/> (audit/records/000000000001.json for the first).</summary>
    public static string KeyOf(long sequence) => AuditRecordDocument.KeyOf(sequence);

    public static string HeadKey => AuditRecordDocument.HeadKey;

    /// <summary>Makes this process's next append to <paramref name="location"/> find the end from the store (tests of the hint).</summary>
    internal static void ForgetKnownEnd(string location) => KnownEnds.TryRemove(location, out _);

    /// <summary>Appends one record after the current end of the log and returns it as stored.</summary>
    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var command = AuditRedaction.Text(entry.Command);
        var target = AuditRedaction.Text(entry.Target);
        var parameters = AuditRedaction.Parameters(entry.Parameters);
        var outcome = AuditRedaction.Text(entry.Outcome);
        var errorId = entry.ErrorId is null ? null : AuditRedaction.Text(entry.ErrorId);
        var identity = AuditRedaction.Text(_identity.Identity);
        var host = AuditRedaction.Text(_identity.Host);

        var last = KnownEnds.TryGetValue(_store.Location, out var known) ? known : await FindEndAsync(cancellationToken).ConfigureAwait(false);
        for (var conflicts = 0; ; conflicts++)
        {
            if (await HashOfAsync(last, cancellationToken).ConfigureAwait(false) is not { } previousHash)
            {
                // What this process remembered as the end is gone (the log was tampered with, or a test reset it):
                // start again from the store's own view, and fail if even that record cannot be read.
                KnownEnds.TryRemove(_store.Location, out _);
                last = await FindEndAsync(cancellationToken).ConfigureAwait(false);
                previousHash = await HashOfAsync(last, cancellationToken).ConfigureAwait(false) ?? throw Vanished(last);
            }

            var now = _clock.GetUtcNow().UtcDateTime;
            var record = new AuditRecord
            {
                Sequence = last + 1,
                Time = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc),
                Identity = identity,
                Host = host,
                Command = command,
                Target = target,
                Parameters = parameters,
                Outcome = outcome,
                ErrorId = errorId,
                PreviousHash = previousHash,
            };
            var bytes = AuditRecordDocument.Serialize(record);
            var key = KeyOf(record.Sequence);
            var attempt = System.Diagnostics.Stopwatch.StartNew();
            if (await _store.TryCreateAsync(key, bytes, cancellationToken).ConfigureAwait(false)
                && await StillOursAsync(key, bytes, cancellationToken).ConfigureAwait(false))
            {
                KnownEnds[_store.Location] = record.Sequence;
                var hash = AuditRecordDocument.HashOf(bytes);
                await WriteHintAsync(record.Sequence, hash, cancellationToken).ConfigureAwait(false);
                return AuditRecordDocument.Parse(bytes, key, _store.Location);
            }

            if (conflicts >= MaxConflicts)
            {
                throw new DrException(ErrorIds.AuditAppendFailed, DrErrorCategory.ResourceBusy,
                    $"The audit record for {command} on {target} could not be appended to {_store.Location}: other writers took {MaxConflicts} sequence numbers in a row before it.",
                    "Run the command again; if it keeps failing, check for a runaway process writing the audit log (Get-DrAuditLog -Last 50).",
                    _store.Location);
            }

            // Another writer won this number. Back off for a random time that doubles with each loss, in units of
            // how long a write to this store takes (a folder: a millisecond; S3 or Azure: a round trip), so a crowd
            // of writers thins out instead of colliding again in lockstep and wasting a request each round. Then
            // try the next number; after a few losses in a row find the end first (galloping), as this writer is
            // clearly behind (a stale hint, a long pause).
            var unit = Math.Clamp(attempt.Elapsed.TotalMilliseconds, 1, 100);
            var delay = Random.Shared.NextDouble() * unit * Math.Pow(2, Math.Min(conflicts, 6));
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(delay, 2000)), cancellationToken).ConfigureAwait(false);
            last = conflicts < 2 ? record.Sequence : await GallopAsync(record.Sequence, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The records that match <paramref name="filter"/>, by sequence; an unreadable record throws AuditLogBroken.</summary>
    public IAsyncEnumerable<AuditRecord> ReadAsync(AuditFilter filter, CancellationToken cancellationToken) =>
        ReadAsync(filter, error => throw error, cancellationToken);

    /// <summary>
    /// The records that match <paramref name="filter"/>, by sequence; an unreadable record goes to
    /// <paramref name="error"/> (AuditLogBroken) and the rest are still read.
    /// </summary>
    public async IAsyncEnumerable<AuditRecord> ReadAsync(AuditFilter filter, Action<DrException> error,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var sequences = await ListSequencesAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var (sequence, bytes) in ReadInOrderAsync(sequences, cancellationToken).ConfigureAwait(false))
        {
            var key = KeyOf(sequence);
            if (bytes is null)
            {
                continue;
            }

            AuditRecord record;
            try
            {
                record = AuditRecordDocument.Parse(bytes, key, _store.Location);
            }
            catch (JsonException ex)
            {
                error(Broken($"The audit record {sequence} ({key}) in {_store.Location} cannot be read: {ex.Message}", key, ex));
                continue;
            }

            if (filter.Matches(record))
            {
                yield return record;
            }
        }
    }

    /// <summary>Checks the whole chain and reports the first broken or missing record.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var sequences = await ListSequencesAsync(cancellationToken).ConfigureAwait(false);
        long expected = 1;
        long count = 0;
        var previousHash = AuditRecordDocument.GenesisHash;
        await foreach (var (sequence, bytes) in ReadInOrderAsync(sequences, cancellationToken).ConfigureAwait(false))
        {
            var key = KeyOf(sequence);
            if (sequence != expected || bytes is null)
            {
                var missing = sequence != expected ? expected : sequence;
                var why = missing == 1
                    ? $"record 1 ({KeyOf(1)}) is missing: the log does not start at 1, so the records before {sequence} were deleted"
                    : $"record {missing} ({KeyOf(missing)}) is missing: it was deleted after record {missing - 1} was written";
                return Fail(count, previousHash, missing, KeyOf(missing), why);
            }

            AuditRecord record;
            try
            {
                record = AuditRecordDocument.Parse(bytes, key, _store.Location);
            }
            catch (JsonException ex)
            {
                return Fail(count, previousHash, sequence, key, $"record {sequence} ({key}) cannot be read as an audit record: {ex.Message}");
            }

            if (record.Sequence != sequence)
            {
                return Fail(count, previousHash, sequence, key, $"record {sequence} ({key}) says it is record {record.Sequence}: it was copied or renamed");
            }

            if (record.PreviousHash != previousHash)
            {
                return sequence == 1
                    ? Fail(count, previousHash, 1, key, $"record 1 ({key}) does not start the chain (its previousHash is not zeros): it was edited or replaced")
                    : Fail(count - 1, null, sequence - 1, KeyOf(sequence - 1),
                        $"record {sequence - 1} ({KeyOf(sequence - 1)}) does not match the hash record {sequence} holds: record {sequence - 1} was edited or replaced after record {sequence} was written (or record {sequence}'s previousHash was)");
            }

            previousHash = record.Hash;
            count++;
            expected++;
        }

        // The hint is only ever written after its record, so it can lag behind the end but never run ahead of it.
        var hint = await ReadHintAsync(cancellationToken).ConfigureAwait(false);
        if (hint is not null && hint.Sequence > count)
        {
            return Fail(count, previousHash, count + 1, KeyOf(count + 1),
                $"record {count + 1} ({KeyOf(count + 1)}) is missing: {HeadKey} says the log reached record {hint.Sequence}, so the newest records were deleted");
        }

        if (count > 0 && hint is not null && hint.Sequence == count && !string.Equals(hint.Hash, previousHash, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(count - 1, null, count, KeyOf(count),
                $"record {count} ({KeyOf(count)}), the newest, does not match the hash in {HeadKey}: it was edited or replaced after it was written");
        }

        return new AuditVerification
        {
            Store = _store.Location,
            Verdict = AuditVerification.Passed,
            RecordCount = count,
            FirstSequence = count > 0 ? 1 : null,
            LastSequence = count > 0 ? count : null,
            HeadHash = count > 0 ? previousHash : null,
        };
    }

    private AuditVerification Fail(long goodCount, string? headHash, long brokenSequence, string brokenKey, string reason)
    {
        var message = $"The audit log in {_store.Location} is broken: {reason}.";
        return new AuditVerification
        {
            Store = _store.Location,
            Verdict = AuditVerification.Failed,
            RecordCount = goodCount,
            FirstSequence = goodCount > 0 ? 1 : null,
            LastSequence = goodCount > 0 ? goodCount : null,
            HeadHash = goodCount > 0 ? headHash : null,
            BrokenSequence = brokenSequence,
            BrokenKey = brokenKey,
            Reason = reason,
            Error = Broken(message, brokenKey, inner: null),
        };
    }

    private DrException Broken(string message, string key, Exception? inner) => new(ErrorIds.AuditLogBroken, DrErrorCategory.InvalidData, message,
        "Treat the log as tampered with: keep the store as it is for investigation, compare it with a copy (a replicated "
        + "bucket, a backup of the store) and with the HeadHash of an earlier Test-DrAuditLog, and find who had write access.",
        key, inner);

    /// <summary>The highest sequence present: from the hint when its record exists, else from a listing (0 when empty).</summary>
    private async Task<long> FindEndAsync(CancellationToken cancellationToken)
    {
        if (await ReadHintAsync(cancellationToken).ConfigureAwait(false) is { Sequence: > 0 } hint
            && await _store.GetInfoAsync(KeyOf(hint.Sequence), cancellationToken).ConfigureAwait(false) is not null)
        {
            return hint.Sequence;
        }

        var sequences = await ListSequencesAsync(cancellationToken).ConfigureAwait(false);
        return sequences.Count == 0 ? 0 : sequences[^1];
    }

    /// <summary>
    /// From a sequence known to exist, the highest existing one: probe 1, 2, 4, ... ahead, then halve the gap. One
    /// probe when the log did not move on; a few dozen for a writer thousands of records behind.
    /// </summary>
    private async Task<long> GallopAsync(long present, CancellationToken cancellationToken)
    {
        long step = 1;
        var absent = present + step;
        while (await ExistsAsync(absent, cancellationToken).ConfigureAwait(false))
        {
            present = absent;
            step *= 2;
            absent = present + step;
        }

        while (absent - present > 1)
        {
            var middle = present + ((absent - present) / 2);
            if (await ExistsAsync(middle, cancellationToken).ConfigureAwait(false))
            {
                present = middle;
            }
            else
            {
                absent = middle;
            }
        }

        return present;
    }

    /// <summary>
    /// Reads a record just created back and checks that it holds this writer's bytes. On a store whose create-if-absent
    /// is atomic (a folder, Amazon S3, Azure Blob) it always does. Some S3-compatible servers check If-None-Match and
    /// then write in two steps (moto, the lab's S3 emulator, does), so two racing writers can both be told they
    /// created the key; the one whose bytes are not there lost and moves on instead of returning a record that is
    /// not in the log. This narrows that window; only an atomic store closes it.
    /// </summary>
    private async Task<bool> StillOursAsync(string key, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            return await StoreObjects.ReadOrNullAsync(_store, key, cancellationToken).ConfigureAwait(false) is { } stored
                && stored.AsSpan().SequenceEqual(bytes);
        }
        catch (DrException)
        {
            return false;
        }
    }

    private async Task<bool> ExistsAsync(long sequence, CancellationToken cancellationToken) =>
        await _store.GetInfoAsync(KeyOf(sequence), cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// The hash of record <paramref name="sequence"/>'s stored bytes, read now (never taken from the hint); null when
    /// the record is not there.
    /// </summary>
    private async Task<string?> HashOfAsync(long sequence, CancellationToken cancellationToken)
    {
        if (sequence == 0)
        {
            return AuditRecordDocument.GenesisHash;
        }

        var bytes = await StoreObjects.ReadOrNullAsync(_store, KeyOf(sequence), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : AuditRecordDocument.HashOf(bytes);
    }

    private DrException Vanished(long sequence) => new(ErrorIds.AuditAppendFailed, DrErrorCategory.InvalidData,
        $"The audit record {sequence} ({KeyOf(sequence)}) in {_store.Location} disappeared while a record was appended after it.",
        "Run Test-DrAuditLog on the store: records are never deleted by this module, so the log was tampered with.", KeyOf(sequence));

    private async Task<List<long>> ListSequencesAsync(CancellationToken cancellationToken)
    {
        var sequences = new List<long>();
        try
        {
            await foreach (var item in _store.ListAsync(AuditRecordDocument.RecordsPrefix, cancellationToken).ConfigureAwait(false))
            {
                if (AuditRecordDocument.SequenceOf(item.Key) is { } sequence)
                {
                    sequences.Add(sequence);
                }
            }
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.StoreNotFound && _store is Storage.Folder.FolderBackupStore)
        {
            // A folder store that was never written has no audit log yet; the first append creates the folder.
        }

        sequences.Sort();
        return sequences;
    }

    /// <summary>Reads the records in sequence order, a bounded number at a time in parallel (null when deleted since the listing).</summary>
    private async IAsyncEnumerable<(long Sequence, byte[]? Bytes)> ReadInOrderAsync(List<long> sequences,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var start = 0; start < sequences.Count; start += ReadConcurrency)
        {
            var batch = sequences.Skip(start).Take(ReadConcurrency).ToList();
            var contents = await Task.WhenAll(batch.Select(s => StoreObjects.ReadOrNullAsync(_store, KeyOf(s), cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                yield return (batch[i], contents[i]);
            }
        }
    }

    private async Task<AuditHead?> ReadHintAsync(CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await StoreObjects.ReadOrNullAsync(_store, HeadKey, cancellationToken).ConfigureAwait(false);
            return bytes is null ? null : JsonSerializer.Deserialize<AuditHead>(bytes, AuditHead.Json);
        }
        catch (JsonException)
        {
            // Only a hint: an unreadable one means "list to find the end".
            return null;
        }
        catch (DrException ex) when (ex.ErrorId is ErrorIds.StoreNotFound)
        {
            return null;
        }
    }

    private async Task WriteHintAsync(long sequence, string hash, CancellationToken cancellationToken)
    {
        try
        {
            await StoreObjects.WriteAsync(_store, HeadKey, JsonSerializer.SerializeToUtf8Bytes(new AuditHead(sequence, hash), AuditHead.Json), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DrException)
        {
            // The record is written, which is what counts; a stale hint only makes the next append search further.
        }
    }
}
