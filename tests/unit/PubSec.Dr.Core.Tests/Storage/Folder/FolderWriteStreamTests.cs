using System.Security.Cryptography;
using PubSec.Dr.Storage.Folder;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Storage.Folder;

/// <summary>The folder write's early writeback: fsyncs run beside the writes and never change what is written.</summary>
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
        await using (var stream = new FolderWriteStream(file, _root.Path, "part", writebackInterval: 1 << 20))
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
        await using var stream = new FolderWriteStream(file, _root.Path, "manifest");
        await stream.WriteAsync(new byte[4096]);
        await stream.FlushToDiskAsync();
        Assert.Equal(0, stream.WritebacksStarted);
    }
}
