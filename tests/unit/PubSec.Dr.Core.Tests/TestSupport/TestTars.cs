using System.Formats.Tar;

namespace PubSec.Dr.Tests.TestSupport;

/// <summary>Small tar archives written by .NET's own TarWriter, for the tests of the module's tar readers and filters.</summary>
internal static class TestTars
{
    /// <summary>Regular files of the given sizes in the given format, each with its own deterministic content.</summary>
    public static byte[] Of(TarEntryFormat format, params (string Name, int Size)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, format, leaveOpen: true))
        {
            var seed = 0;
            foreach (var (name, size) in entries)
            {
                TarEntry entry = format == TarEntryFormat.Pax ? new PaxTarEntry(TarEntryType.RegularFile, name) : new GnuTarEntry(TarEntryType.RegularFile, name);
                entry.DataStream = new MemoryStream(TestData.Bytes(size, seed: ++seed));
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }
}
