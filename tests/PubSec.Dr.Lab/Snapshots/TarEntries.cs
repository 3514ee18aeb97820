using System.Formats.Tar;
using System.Text;

namespace PubSec.Dr.Lab.Snapshots;

/// <summary>Adds GNU tar entries the way Qdrant's archives have them: directories 0755, files 0644.</summary>
internal static class TarEntries
{
    private const UnixFileMode DirectoryPermissions = (UnixFileMode)0b111_101_101;
    private const UnixFileMode FilePermissions = (UnixFileMode)0b110_100_100;

    public static void Directory(TarWriter tar, string name) =>
        tar.WriteEntry(new GnuTarEntry(TarEntryType.Directory, name.EndsWith('/') ? name : name + "/") { Mode = DirectoryPermissions });

    public static void Text(TarWriter tar, string name, string content) =>
        Stream(tar, name, new MemoryStream(Encoding.UTF8.GetBytes(content)));

    public static void File(TarWriter tar, string name, string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Stream(tar, name, stream);
    }

    /// <summary>Copies <paramref name="data"/> into the archive; a non-seekable stream is streamed, never buffered whole.</summary>
    public static void Stream(TarWriter tar, string name, Stream data)
    {
        tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, name) { Mode = FilePermissions, DataStream = data });
    }
}
