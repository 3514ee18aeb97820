using System.Formats.Tar;
using System.Text;

namespace PubSec.Dr.Lab.Tests.TestSupport;

/// <summary>Reads snapshot tars in tests and crafts hostile or altered ones.</summary>
public static class TarFiles
{
    public sealed record Entry(string Name, TarEntryType Type, TarEntryFormat Format, byte[] Data);

    public static List<Entry> Read(byte[] archive)
    {
        var entries = new List<Entry>();
        using var reader = new TarReader(new MemoryStream(archive));
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries.Add(new Entry(entry.Name, entry.EntryType, entry.Format, data.ToArray()));
        }

        return entries;
    }

    public static string Text(this List<Entry> entries, string name) =>
        Encoding.UTF8.GetString(entries.Single(e => e.Name == name).Data);

    /// <summary>Re-packs <paramref name="entries"/> (GNU format), letting <paramref name="change"/> replace or drop entries.</summary>
    public static byte[] Write(IEnumerable<Entry> entries, Func<Entry, Entry?>? change = null)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var original in entries)
            {
                if ((change is null ? original : change(original)) is not { } entry)
                {
                    continue;
                }

                var tarEntry = new GnuTarEntry(entry.Type, entry.Name);
                if (entry.Type is TarEntryType.RegularFile)
                {
                    tarEntry.DataStream = new MemoryStream(entry.Data);
                }

                writer.WriteEntry(tarEntry);
            }
        }

        return output.ToArray();
    }

    /// <summary>A snapshot-looking archive with one extra entry of the given kind (symlink, "../" path…).</summary>
    public static byte[] WithExtraEntry(byte[] snapshot, TarEntry extra)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true))
        {
            writer.WriteEntry(extra);
            foreach (var entry in Read(snapshot))
            {
                var copy = new GnuTarEntry(entry.Type, entry.Name);
                if (entry.Type is TarEntryType.RegularFile)
                {
                    copy.DataStream = new MemoryStream(entry.Data);
                }

                writer.WriteEntry(copy);
            }
        }

        return output.ToArray();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
