using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PubSec.Dr.Storage.Folder;

/// <summary>
/// Writes a new file from its start with direct I/O: bytes gather in one aligned buffer, which goes to the disk
/// whole; the last, partial block is padded with zeros and the file then cut back to its exact length. Where the
/// filesystem refuses a direct write, the writer turns direct I/O off and goes on through the page cache, losing
/// nothing already written.
/// </summary>
internal sealed class DirectFileWriter
{
    private const int StagingSize = 1 << 20;

    private readonly SafeFileHandle _handle;
    private readonly Memory<byte> _staging;
    private int _filled;
    private long _written;

    /// <param name="misalignment">Tests only: shifts the buffer off alignment, so the kernel refuses the first
    /// direct write (EINVAL) as a filesystem without direct I/O does, and the fall back runs for real.</param>
    internal DirectFileWriter(SafeFileHandle handle, int misalignment = 0)
    {
        _handle = handle;
        // Pinned (POH) memory never moves, so an offset that aligns its address once stays aligned.
        var array = GC.AllocateUninitializedArray<byte>(StagingSize + 2 * DirectIo.Alignment, pinned: true);
        var pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            var start = (int)((DirectIo.Alignment - pin.AddrOfPinnedObject() % DirectIo.Alignment) % DirectIo.Alignment) + misalignment;
            _staging = array.AsMemory(start, StagingSize);
        }
        finally
        {
            pin.Free();
        }
    }

    /// <summary>True while writes bypass the page cache; false after a fall back to buffered writes.</summary>
    public bool IsDirect { get; private set; } = true;

    /// <summary>A writer for an empty file, or null where direct I/O is not available (the caller writes as before).</summary>
    public static DirectFileWriter? TryCreate(SafeFileHandle handle) => DirectIo.TryEnable(handle) ? new DirectFileWriter(handle) : null;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (!IsDirect)
        {
            RandomAccess.Write(_handle, data, _written);
            _written += data.Length;
            return;
        }

        while (!data.IsEmpty)
        {
            var count = Math.Min(StagingSize - _filled, data.Length);
            data[..count].CopyTo(_staging.Span[_filled..]);
            _filled += count;
            data = data[count..];
            if (_filled == StagingSize)
            {
                WriteStaged(StagingSize);
            }
        }
    }

    /// <summary>Writes what is still staged; the file then has exactly the bytes written. Durability is the caller's fsync.</summary>
    public void Complete()
    {
        if (_filled == 0)
        {
            return;
        }

        var length = _written + _filled;
        var padded = (_filled + DirectIo.Alignment - 1) / DirectIo.Alignment * DirectIo.Alignment;
        _staging.Span[_filled..padded].Clear();
        WriteStaged(padded);
        if (IsDirect)
        {
            // The zeros of the padded block are not the object's: cut them off.
            RandomAccess.SetLength(_handle, length);
        }
    }

    private void WriteStaged(int count)
    {
        var staged = _staging.Span[..count];
        try
        {
            RandomAccess.Write(_handle, staged, _written);
        }
        catch (Exception ex) when (_written == 0 && ex is IOException or ArgumentException)
        {
            // A filesystem that took the flag but refuses direct writes (some FUSE and network mounts) fails the first
            // one: from here on the page cache, starting again with the same bytes.
            DirectIo.Disable(_handle);
            IsDirect = false;
            staged = staged[.._filled];
            RandomAccess.Write(_handle, staged, _written);
        }

        // Only the staged bytes count: a padded last block adds zeros that Complete cuts off.
        _written += _filled;
        _filled = 0;
    }
}
