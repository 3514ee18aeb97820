namespace PubSec.Dr.Operations;

/// <summary>
/// Writes a file that appears whole or not at all: written beside it under a hidden temporary name, then moved into
/// place (a rename on the same volume). Readers that poll the path (a textfile collector, a browser) never see a half
/// file. IO errors are the caller's to map to its own error id.
/// </summary>
public static class AtomicFile
{
    public static void Write(string fullPath, byte[] bytes, bool overwrite)
    {
        var temp = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, fullPath, overwrite);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
