namespace PubSec.Dr.Lab.Recovery;

/// <summary>A snapshot file ready to unpack; <see cref="Temporary"/> files (downloads) are deleted after recovery.</summary>
internal sealed record SnapshotSource(string Path, bool Temporary) : IDisposable
{
    public void Dispose()
    {
        if (Temporary)
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
        }
    }
}
