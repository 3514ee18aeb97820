using System.Security.Cryptography;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage.Folder;

/// <summary>The folder write's two ways to the disk: direct I/O on Linux, else early writeback (fsyncs beside the
/// writes); neither changes what is written.</summary>
public sealed class FolderWriteStreamTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Background_fsyncs_run_while_writing_and_the_file_holds_exactly_the_bytes_written()
    {
        var path = Path.Combine(_root.Path, "part");
        var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        await using (var stream = new FolderWriteStream(file, _root.Path, "part", writebackInterval: 1 << 20, directIo: false))
        {
            var random = new Random(7);
            for (var i = 0; i < 40; i++)
            {
                // Uneven sizes, as the last chunk of a download and small writes are.
                var chunk = new byte[(256 << 10) + random.Next(0, 200_000)];
                random.NextBytes(chunk);
                expected.AppendData(chunk);
                await stream.WriteAsync(chunk);
            }

            await stream.FlushToDiskAsync();
            // At least one: the next starts only once the previous finished, which a loaded disk can delay past the last write.
            Assert.InRange(stream.WritebacksStarted, 1, 40);
        }

        Assert.Equal(expected.GetHashAndReset(), SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public async Task A_small_object_starts_no_writeback()
    {
        var file = new FileStream(Path.Combine(_root.Path, "manifest"), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        await using var stream = new FolderWriteStream(file, _root.Path, "manifest", directIo: false);
        await stream.WriteAsync(new byte[4096]);
        await stream.FlushToDiskAsync();
        Assert.Equal(0, stream.WritebacksStarted);
    }

    [Fact]
    public async Task On_linux_a_part_bypasses_the_page_cache_and_the_file_holds_exactly_the_bytes_written()
    {
        var path = Path.Combine(_root.Path, "direct");
        var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        await using (var stream = new FolderWriteStream(file, _root.Path, "direct", writebackInterval: 1 << 20))
        {
            Assert.Equal(OperatingSystem.IsLinux(), stream.IsDirect);
            if (OperatingSystem.IsLinux())
            {
                // The kernel's own view of the descriptor: O_DIRECT (040000 octal on x64) among its flags.
                var flags = File.ReadAllLines($"/proc/self/fdinfo/{file.SafeFileHandle.DangerousGetHandle()}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
                Assert.True((Convert.ToInt32(flags.Split('\t')[1], 8) & DirectFlag) != 0, flags);
            }

            var random = new Random(11);
            // Sizes that cross the 1 MiB buffer unevenly and leave a last block of 3 bytes past a 4 KiB boundary.
            foreach (var size in new[] { 1, 4095, 700_000, 1 << 20, 3 * (1 << 20) + 17, 123_456, 4096 * 5 + 3 })
            {
                var chunk = new byte[size];
                random.NextBytes(chunk);
                expected.AppendData(chunk);
                length += size;
                await stream.WriteAsync(chunk);
            }

            await stream.FlushToDiskAsync();
            Assert.Equal(OperatingSystem.IsLinux(), stream.IsDirect);
            Assert.Equal(0, stream.WritebacksStarted);
        }

        Assert.Equal(length, new FileInfo(path).Length);
        Assert.Equal(expected.GetHashAndReset(), SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1 << 20)]
    [InlineData(2 << 20)]
    [InlineData(4096)]
    public async Task Direct_writes_of_whole_blocks_or_none_leave_no_padding(int size)
    {
        var path = Path.Combine(_root.Path, $"exact-{size}");
        var content = new byte[size];
        new Random(size).NextBytes(content);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        await using (var stream = new FolderWriteStream(file, _root.Path, "exact"))
        {
            await stream.WriteAsync(content);
            await stream.FlushToDiskAsync();
        }

        Assert.Equal(content, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_filesystem_that_refuses_direct_writes_gets_the_same_bytes_through_the_page_cache()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var path = Path.Combine(_root.Path, "fallback");
        var content = new byte[(3 << 20) + 5];
        new Random(5).NextBytes(content);
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            Assert.True(DirectIo.TryEnable(handle));
            // A buffer one byte off alignment: the kernel answers the first direct write with EINVAL, as such a
            // filesystem does.
            var writer = new DirectFileWriter(handle, misalignment: 1);
            writer.Write(content.AsSpan(0, 1 << 20));
            Assert.False(writer.IsDirect);
            writer.Write(content.AsSpan(1 << 20));
            writer.Complete();
            var flags = File.ReadAllLines($"/proc/self/fdinfo/{handle.DangerousGetHandle()}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
            Assert.Equal(0, Convert.ToInt32(flags.Split('\t')[1], 8) & DirectFlag);
        }

        Assert.Equal(content, File.ReadAllBytes(path));
    }

    // O_DIRECT as Linux numbers it for this machine's architecture.
    private static int DirectFlag => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is
        System.Runtime.InteropServices.Architecture.Arm64 or System.Runtime.InteropServices.Architecture.Arm ? 0x10000 : 0x4000;
}
