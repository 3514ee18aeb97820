namespace PubSec.Dr.Tests.TestSupport;

/// <summary>
/// A point where the operation under test stops until the test lets it go on, so a race is staged, not hoped for:
/// the first time <see cref="At"/>'s condition holds, <see cref="ReachedAsync"/> completes and the operation waits there
/// until <see cref="Release"/>. Used as a <see cref="HookedStore"/> hook.
/// </summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _reached = new();
    private readonly TaskCompletionSource _released = new();

    public Func<string, Task> At(Func<string, bool> condition) => async key =>
    {
        if (condition(key) && _reached.TrySetResult())
        {
            await _released.Task;
        }
    };

    public Task ReachedAsync(TimeSpan patience) => _reached.Task.WaitAsync(patience);

    public void Release() => _released.SetResult();
}
