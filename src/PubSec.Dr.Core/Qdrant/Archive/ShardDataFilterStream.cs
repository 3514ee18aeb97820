using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PubSec.Dr.Errors;
using PubSec.Dr.Transfer;

namespace PubSec.Dr.Qdrant.Archive;

/// <summary>
/// Streams a collection snapshot tar with the data of some shards left out: for each dropped shard, everything
/// in <c>&lt;id&gt;/</c> except <c>shard_config.json</c> and <c>replica_state.json</c> (and the directory entry
/// itself), so Qdrant finds the shard but no data for it and skips it (reference §6.3 steps 2 and 5). Entries
/// outside shard directories pass unchanged. Works block by block: only a GNU long name or a PAX header (each at
/// most 1 MiB) is held until the entry it describes is seen; entry data is never buffered.
/// <para>
/// The output's hash cannot be known in advance, so this stream hashes the SOURCE bytes (all of them, including
/// what follows the end-of-archive marker) and compares them with <paramref name="expectedSha256"/> before it
/// emits its own end-of-archive. On a mismatch (or a malformed or unsafe archive) the read throws and
/// <see cref="Failure"/> holds the reason: the receiver never sees a complete archive.
/// </para>
/// </summary>
public sealed partial class ShardDataFilterStream : ReadOnlyStream, Network.IPausingBody
{
    private const int Block = TarHeader.Block;
    private const int MaxMetaBytes = 1 << 20;
    private readonly Stream _source;
    private readonly IReadOnlySet<int> _dropped;
    private readonly string _expectedSha256;
    private readonly string _target;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _header = new byte[Block];
    private readonly byte[] _scratch = new byte[64 << 10];
    private readonly MemoryStream _pending = new();
    private readonly List<byte[]> _meta = [];
    private int _pendingRead;
    private long _dataRemaining;
    private bool _dropData;
    private bool _finished;
    private bool _finishing;
    private long _sourceOffset;
    private string? _longName;
    private string? _paxPath;
    private long? _paxSize;

    /// <param name="source">The part's plaintext, as the manifest's Sha256 describes it.</param>
    /// <param name="droppedShards">Shards whose data entries are left out.</param>
    /// <param name="expectedSha256">The manifest's SHA-256 of the whole source.</param>
    /// <param name="target">What an error names (the part's key).</param>
    public ShardDataFilterStream(Stream source, IReadOnlySet<int> droppedShards, string expectedSha256, string target)
    {
        _source = source;
        _dropped = droppedShards;
        _expectedSha256 = expectedSha256;
        _target = target;
    }

    /// <summary>
    /// Awaited after the source checked out and before the end-of-archive goes out (a restore's turn to recover);
    /// reported through <see cref="Pausing"/>.
    /// </summary>
    public Func<CancellationToken, Task>? BeforeEnd { get; init; }

    public Action<bool>? Pausing { get; set; }

    /// <summary>Why the stream stopped short (checksum mismatch, malformed or unsafe archive); null while it is fine.</summary>
    public DrException? Failure { get; private set; }

    /// <summary>Bytes given to the reader so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Entries left out so far.</summary>
    public long EntriesDropped { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        try
        {
            var read = await ReadCoreAsync(buffer, cancellationToken).ConfigureAwait(false);
            BytesWritten += read;
            return read;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            Failure = new DrException(ErrorIds.RestoreUploadFailed, DrErrorCategory.InvalidData,
                $"{_target} is not a readable snapshot tar, so it was not sent whole and nothing was recovered from it: {ex.Message}",
                "Check the backup with Test-BackupIntegrity -Level Full; restore an older backup that passes.", _target, ex);
            throw Failure;
        }
        catch (DrException ex)
        {
            Failure = ex;
            throw;
        }
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken ct)
    {
        while (true)
        {
            if (_pendingRead < _pending.Length)
            {
                var available = (int)(_pending.Length - _pendingRead);
                var take = Math.Min(available, buffer.Length);
                _pending.GetBuffer().AsSpan(_pendingRead, take).CopyTo(buffer.Span);
                _pendingRead += take;
                if (_pendingRead == _pending.Length)
                {
                    _pending.SetLength(0);
                    _pendingRead = 0;
                }

                return take;
            }

            if (_dataRemaining > 0)
            {
                if (_dropData)
                {
                    await SkipDataAsync(ct).ConfigureAwait(false);
                    continue;
                }

                var read = await ReadSourceAsync(buffer[..(int)Math.Min(buffer.Length, _dataRemaining)], ct).ConfigureAwait(false);
                _dataRemaining -= read;
                return read;
            }

            if (_finished || buffer.Length == 0)
            {
                return 0;
            }

            await NextHeaderAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Reads one header (and, for metadata entries, their data) and queues what is kept.</summary>
    private async Task NextHeaderAsync(CancellationToken ct)
    {
        await ReadSourceExactlyAsync(_header, ct).ConfigureAwait(false);
        if (TarHeader.IsZero(_header))
        {
            await FinishAsync(ct).ConfigureAwait(false);
            return;
        }

        TarHeader.VerifyChecksum(_header, _sourceOffset - Block);
        var type = (char)_header[156];
        var size = _paxSize ?? TarHeader.ParseSize(_header);
        if (type is 'L' or 'K' or 'x')
        {
            // Metadata for the next entry: held until that entry says whether it is kept.
            var data = await ReadMetaAsync(size, ct).ConfigureAwait(false);
            _meta.Add([.. _header]);
            _meta.Add(data.Padded);
            if (type == 'L')
            {
                _longName = TarHeader.CString(data.Content);
            }
            else if (type == 'x')
            {
                _paxPath = TarHeader.PaxValue(data.Content, "path");
                _paxSize = TarHeader.PaxSize(data.Content);
            }

            return;
        }

        _paxSize = null;
        var name = _longName ?? _paxPath ?? TarHeader.Name(_header);
        _longName = null;
        _paxPath = null;
        if (type != 'g')
        {
            CheckEntry(type, name);
        }

        var drop = type != 'g' && Drops(name);
        if (drop)
        {
            EntriesDropped++;
        }
        else
        {
            foreach (var meta in _meta)
            {
                _pending.Write(meta);
            }

            _pending.Write(_header);
        }

        _meta.Clear();
        if (TarHeader.HasSparseExtension(_header))
        {
            var more = true;
            while (more)
            {
                await ReadSourceExactlyAsync(_header, ct).ConfigureAwait(false);
                more = _header[504] != 0;
                if (!drop)
                {
                    _pending.Write(_header);
                }
            }
        }

        _dataRemaining = TarHeader.Padded(size);
        _dropData = drop;
    }

    private void CheckEntry(char type, string name)
    {
        // What Qdrant's unpacker accepts (reference §6.1): files, directories, GNU sparse files.
        if (type is not ('0' or '\0' or '7' or '5' or 'S'))
        {
            throw new DrException(ErrorIds.RestoreUploadFailed, DrErrorCategory.InvalidData,
                $"{_target} has a forbidden tar entry '{name}' (type '{type}'); Qdrant would refuse it, so nothing was sent whole.",
                "Check the backup with Test-BackupIntegrity -Level Full; restore an older backup that passes.", _target);
        }

        if (TarEntryRules.PathViolation(name) is { } violation)
        {
            throw new DrException(ErrorIds.RestoreUploadFailed, DrErrorCategory.InvalidData,
                $"{_target}: {violation} Nothing was sent whole.",
                "Check the backup with Test-BackupIntegrity -Level Full; restore an older backup that passes.", _target);
        }
    }

    /// <summary>True for the data entries of a dropped shard; its directory, shard_config.json and replica_state.json stay.</summary>
    private bool Drops(string name)
    {
        var match = ShardPath().Match(name);
        if (!match.Success)
        {
            return false;
        }

        var rest = match.Groups["rest"].Value.TrimEnd('/');
        return rest.Length > 0 && rest is not ("shard_config.json" or "replica_state.json")
            && _dropped.Contains(int.Parse(match.Groups["shard"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The source ended (its end-of-archive): hash the rest of it, compare, and only then end our archive.</summary>
    private async Task FinishAsync(CancellationToken ct)
    {
        _finishing = true;
        while (await ReadSourceAsync(_scratch, ct).ConfigureAwait(false) > 0)
        {
        }

        var actual = Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant();
        if (!string.Equals(actual, _expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new DrException(ErrorIds.BackupChecksumMismatch, DrErrorCategory.InvalidData,
                $"{_target} read from the store has SHA-256 {actual}, but the manifest records {_expectedSha256}. The upload was cut off before its end, so the node recovered nothing from it.",
                "Check the backup with Test-BackupIntegrity -Level Full and restore one that passes; nothing of this part was applied.", _target);
        }

        if (BeforeEnd is not null)
        {
            await Network.IPausingBody.PauseForAsync(this, BeforeEnd, ct).ConfigureAwait(false);
        }

        _pending.Write(new byte[2 * Block]);
        _finished = true;
    }

    private async Task<(byte[] Content, byte[] Padded)> ReadMetaAsync(long size, CancellationToken ct)
    {
        if (size > MaxMetaBytes)
        {
            throw new InvalidDataException($"A tar metadata entry at offset {_sourceOffset - Block} claims {size} bytes.");
        }

        var padded = new byte[TarHeader.Padded(size)];
        await ReadSourceExactlyAsync(padded, ct).ConfigureAwait(false);
        return (padded[..(int)size], padded);
    }

    private async Task SkipDataAsync(CancellationToken ct)
    {
        var read = await ReadSourceAsync(_scratch.AsMemory(0, (int)Math.Min(_scratch.Length, _dataRemaining)), ct).ConfigureAwait(false);
        _dataRemaining -= read;
    }

    private async Task ReadSourceExactlyAsync(Memory<byte> buffer, CancellationToken ct)
    {
        while (!buffer.IsEmpty)
        {
            var read = await ReadSourceAsync(buffer, ct).ConfigureAwait(false);
            buffer = buffer[read..];
        }
    }

    /// <summary>Reads from the source and hashes what came; the end of the source inside an entry is a truncated archive.</summary>
    private async ValueTask<int> ReadSourceAsync(Memory<byte> buffer, CancellationToken ct)
    {
        var read = await _source.ReadAsync(buffer, ct).ConfigureAwait(false);
        if (read == 0 && !buffer.IsEmpty && !_finishing)
        {
            throw new EndOfStreamException($"The archive ends at offset {_sourceOffset} inside an entry or before its end-of-archive marker.");
        }

        _hash.AppendData(buffer.Span[..read]);
        _sourceOffset += read;
        return read;
    }

    /// <summary>The source is the caller's to dispose.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    [GeneratedRegex(@"^(?:\./)?(?<shard>\d{1,6})/(?<rest>.*)$")]
    private static partial Regex ShardPath();
}
