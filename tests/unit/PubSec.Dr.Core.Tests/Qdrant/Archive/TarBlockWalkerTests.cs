using System.Diagnostics;
using System.Formats.Tar;
using PubSec.Dr.Qdrant.Archive;
using PubSec.Dr.Tests.TestSupport;

namespace PubSec.Dr.Tests.Qdrant.Archive;

public sealed class TarBlockWalkerTests
{
    [Fact]
    public void IntactGnuArchive_PassesEveryHeader()
    {
        var archive = TestTars.Of(TarEntryFormat.Gnu, ("a.txt", 10), ("dir/b.bin", 5000), (new string('n', 150) + ".long", 700));

        FeedInPieces(archive, 37);
    }

    [Fact]
    public void PaxArchive_WithExtendedHeaders_Passes()
    {
        // A name over 100 characters makes TarWriter emit a PAX 'x' header before the entry.
        var archive = TestTars.Of(TarEntryFormat.Pax, (new string('p', 180) + "/file", 1234), ("short", 1));

        FeedInPieces(archive, 511);
    }

    [Fact]
    public void DamagedHeaderByte_FailsWithTheOffset()
    {
        var archive = TestTars.Of(TarEntryFormat.Gnu, ("first", 600), ("second", 10));
        archive[1536 + 3] ^= 0x20; // a name byte of the second header, after the first header and its 2 data blocks

        var error = Assert.Throws<InvalidDataException>(() => FeedInPieces(archive, 4096));
        Assert.Contains("checksum mismatch at offset 1536", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataAfterTheEndMarker_IsIgnored()
    {
        var archive = TestTars.Of(TarEntryFormat.Gnu, ("x", 3));
        var padded = archive.Concat(TestData.Bytes(2048, seed: 9)).ToArray();

        FeedInPieces(padded, 100);
    }

    [Fact]
    public async Task GnuSparseArchiveFromTar_Passes()
    {
        // GNU tar writes 'S' entries with extension headers for files with many holes; .NET cannot write them.
        using var dir = new TempDirectory();
        var sparse = Path.Combine(dir.Path, "sparse.bin");
        await using (var file = File.Create(sparse))
        {
            for (var i = 0; i < 40; i++)
            {
                file.Position = i * 65536L;
                file.Write(TestData.Bytes(100, seed: i));
            }

            file.SetLength(40 * 65536L);
        }

        var archivePath = Path.Combine(dir.Path, "sparse.tar");
        var tar = Process.Start(new ProcessStartInfo("tar", ["--format=gnu", "-S", "-cf", archivePath, "-C", dir.Path, "sparse.bin"]))!;
        await tar.WaitForExitAsync();
        Assert.Equal(0, tar.ExitCode);
        var archive = await File.ReadAllBytesAsync(archivePath);
        Assert.Equal((byte)'S', archive[156]);
        Assert.NotEqual(0, archive[482]); // more sparse map entries than fit in the header: extension blocks follow

        FeedInPieces(archive, 700);
    }

    private static void FeedInPieces(byte[] archive, int piece)
    {
        var walker = new TarBlockWalker();
        for (var offset = 0; offset < archive.Length; offset += piece)
        {
            walker.Feed(archive.AsSpan(offset, Math.Min(piece, archive.Length - offset)));
        }
    }
}
