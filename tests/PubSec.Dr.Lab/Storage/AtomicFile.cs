namespace PubSec.Dr.Lab.Storage;

/// <summary>Writes a file under a temporary name and renames it into place, so readers never see half a file.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string content) => Write(path, temp => File.WriteAllText(temp, content));

    public static void Write(string path, Action<string> writeTemp)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            writeTemp(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
