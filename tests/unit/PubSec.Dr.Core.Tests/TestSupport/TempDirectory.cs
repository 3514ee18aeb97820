namespace PubSec.Dr.Tests.TestSupport;

/// <summary>A fresh, empty folder under the temp path, removed with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pubsecdr-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Every file below the folder, as '/'-separated paths relative to it (partial files included).</summary>
    public IReadOnlyList<string> AllFiles() => Directory
        .EnumerateFiles(Path, "*", SearchOption.AllDirectories)
        .Select(file => System.IO.Path.GetRelativePath(Path, file).Replace(System.IO.Path.DirectorySeparatorChar, '/'))
        .OrderBy(file => file, StringComparer.Ordinal)
        .ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
