namespace PubSec.Dr.Lab.Tests.TestSupport;

/// <summary>Waits for an asynchronous effect by polling, failing with a message after a timeout (no fixed sleeps).</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, double timeoutSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeoutSeconds} s waiting for {what}; last value: {value}");
            }

            await Task.Delay(50);
        }
    }
}
