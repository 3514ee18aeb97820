using PubSec.Dr.Storage;

namespace PubSec.Dr.Tests.Storage;

/// <summary>The upload lifecycle every store shares: one of complete or abort, and disposing never leaks either way.</summary>
public sealed class StoreUploadTests
{
    [Fact]
    public async Task Complete_CommitsOnce_ThenDisposeOnlyReleases()
    {
        var upload = new RecordingUpload();

        await upload.CompleteAsync(CancellationToken.None);
        await upload.AbortAsync();
        await upload.DisposeAsync();

        Assert.Equal(["commit", "release"], upload.Calls);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => upload.CompleteAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DisposingAnUnfinishedUpload_DiscardsIt_Once()
    {
        var upload = new RecordingUpload();

        await upload.AbortAsync();
        await upload.AbortAsync();
        await upload.DisposeAsync();

        Assert.Equal(["discard"], upload.Calls);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => upload.CompleteAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AFailedCommit_LeavesTheUploadOpen_SoTheCallersAbortDiscardsIt()
    {
        var upload = new RecordingUpload { FailCommit = true };

        await Assert.ThrowsAsync<IOException>(() => upload.CompleteAsync(CancellationToken.None));
        await upload.DisposeAsync();

        Assert.Equal(["commit", "discard"], upload.Calls);
    }

    private sealed class RecordingUpload() : StoreUpload("a/b")
    {
        public List<string> Calls { get; } = [];

        public bool FailCommit { get; init; }

        public override Stream Content { get; } = new MemoryStream();

        protected override Task CommitAsync(CancellationToken cancellationToken)
        {
            Calls.Add("commit");
            return FailCommit ? throw new IOException("commit refused") : Task.CompletedTask;
        }

        protected override Task DiscardAsync()
        {
            Calls.Add("discard");
            return Task.CompletedTask;
        }

        protected override ValueTask ReleaseAsync()
        {
            Calls.Add("release");
            return ValueTask.CompletedTask;
        }
    }
}
