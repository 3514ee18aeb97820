namespace PubSec.Dr.Qdrant.Archive;

/// <summary>
/// Follows the 512-byte block structure of a tar stream as it passes and verifies every header's checksum,
/// which .NET's TarReader does not do but Qdrant's unpacker (tar-rs) does: a header with damaged bytes must
/// fail the check, not be read as a file with a garbage name. It understands what changes the block layout:
/// entry sizes (octal or GNU base-256), PAX 'size' overrides, GNU sparse extension headers, end-of-archive.
/// </summary>
internal sealed class TarBlockWalker
{
    private const int Block = 512;
    private const int MaxPaxBytes = 1 << 20;
    private readonly byte[] _block = new byte[Block];
    private int _filled;
    private State _state = State.Header;
    private long _dataRemaining;
    private long _offset;
    private int _zeroBlocks;
    private long? _paxSize;
    private MemoryStream? _pax;

    private enum State
    {
        Header,
        SparseExtension,
        Data,
        Done,
    }

    /// <summary>Feeds the next bytes of the stream; throws InvalidDataException at the first bad header.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && _state != State.Done)
        {
            if (_state == State.Data)
            {
                var take = (int)Math.Min(_dataRemaining, data.Length);
                _pax?.Write(data[..take]);
                _dataRemaining -= take;
                _offset += take;
                data = data[take..];
                if (_dataRemaining == 0)
                {
                    FinishData();
                }

                continue;
            }

            var copy = Math.Min(Block - _filled, data.Length);
            data[..copy].CopyTo(_block.AsSpan(_filled));
            _filled += copy;
            _offset += copy;
            data = data[copy..];
            if (_filled == Block)
            {
                _filled = 0;
                if (_state == State.Header)
                {
                    OnHeader();
                }
                else
                {
                    OnSparseExtension();
                }
            }
        }
    }

    private void OnHeader()
    {
        if (_block.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            _state = ++_zeroBlocks >= 2 ? State.Done : State.Header;
            return;
        }

        _zeroBlocks = 0;
        VerifyChecksum();
        var type = (char)_block[156];
        var size = _paxSize ?? ParseSize();
        _paxSize = null;
        _pax = type is 'x' && size <= MaxPaxBytes ? new MemoryStream() : null;
        _dataRemaining = (size + Block - 1) / Block * Block;
        var extended = type == 'S' && _block[482] != 0;
        _state = extended ? State.SparseExtension : _dataRemaining > 0 ? State.Data : State.Header;
        if (_state == State.Header)
        {
            FinishData();
        }
    }

    private void OnSparseExtension()
    {
        // Each GNU sparse extension block has its own "more follow" flag at byte 504.
        if (_block[504] == 0)
        {
            _state = _dataRemaining > 0 ? State.Data : State.Header;
        }
    }

    private void FinishData()
    {
        _state = State.Header;
        if (_pax is null)
        {
            return;
        }

        _paxSize = ReadPaxSize(_pax.ToArray());
        _pax = null;
    }

    private void VerifyChecksum() => TarHeader.VerifyChecksum(_block, _offset - Block);

    private long ParseSize() => TarHeader.ParseSize(_block);

    // Only 'size' changes where the next header starts.
    private static long? ReadPaxSize(byte[] records) => TarHeader.PaxSize(records);
}
