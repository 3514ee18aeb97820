namespace PubSec.Dr.Network;

/// <summary>
/// An idle deadline for a request whose body we send: its token is cancelled when no progress was reported
/// for the current allowance. An upload of any size keeps going while bytes move; a peer that stops reading
/// (send buffer full, the write blocks) or never answers ends it. <see cref="Expect"/> changes the allowance,
/// e.g. to the longer wait for an answer once the whole body is sent.
/// </summary>
internal sealed class ProgressWatchdog : IDisposable
{
    private readonly CancellationTokenSource _limit;
    private readonly CancellationToken _caller;
    private readonly object _gate = new();
    private TimeSpan _allowance;
    private string _doing;
    private bool _disposed;

    public ProgressWatchdog(TimeSpan allowance, string doing, CancellationToken caller)
    {
        _caller = caller;
        _limit = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _allowance = allowance;
        _doing = doing;
        _limit.CancelAfter(allowance);
    }

    public CancellationToken Token => _limit.Token;

    /// <summary>Progress: the current allowance starts again.</summary>
    public void Kick() => Expect(_allowance, _doing);

    /// <summary>From now on, progress (or the answer) must come within <paramref name="allowance"/>.</summary>
    public void Expect(TimeSpan allowance, string doing)
    {
        lock (_gate)
        {
            if (_disposed || _limit.IsCancellationRequested)
            {
                return;
            }

            _allowance = allowance;
            _doing = doing;
            _limit.CancelAfter(allowance);
        }
    }

    /// <summary>
    /// The body stops on purpose (waiting for its turn): no progress is expected until <see cref="Resume"/>, which
    /// starts the allowance in force before the pause again.
    /// </summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (_disposed || _limit.IsCancellationRequested)
            {
                return;
            }

            _limit.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    public void Resume() => Kick();

    /// <summary>True when the watchdog (not the caller) cancelled, and <paramref name="ex"/> is what that did.</summary>
    public bool Fired(Exception ex) => Deadline.Expired(_limit, _caller, ex);

    /// <summary>Runs <paramref name="call"/> under this watchdog; when the watchdog (not the caller) ended it, throws DeadlineExceededException.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call)
    {
        try
        {
            return await call(Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Fired(ex))
        {
            throw Timeout(ex);
        }
    }

    public DeadlineExceededException Timeout(Exception inner)
    {
        lock (_gate)
        {
            return new DeadlineExceededException(_doing, _allowance, inner);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _limit.Dispose();
    }
}
