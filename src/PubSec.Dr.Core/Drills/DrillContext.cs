using PubSec.Dr.Backends;
using PubSec.Dr.Backups.Encryption;
using PubSec.Dr.Environments;
using PubSec.Dr.Operations;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Drills;

/// <summary>
/// What a scenario's phases share in one drill: the request, the region's store, the backends, the checks found and
/// the RPO. Anything a phase creates goes through <see cref="CreateAsync"/>, which ledgers it in the store BEFORE it
/// exists, so a drill killed at any moment leaves a record of what to remove.
/// </summary>
public sealed class DrillContext
{
    private readonly DrillLedger _ledger;

    internal DrillContext(string id, DrillRequest request, IBackendFactory backends, IBackupStore store, DrillLedger ledger,
        DecryptionKeyRing keys, IOperationLog log, DateTimeOffset startedAt)
    {
        Id = id;
        Request = request;
        Backends = backends;
        Store = store;
        _ledger = ledger;
        Keys = keys;
        Log = log;
        StartedAt = startedAt;
    }

    public string Id { get; }

    public DrillRequest Request { get; }

    public DrRegion Region => Request.Region;

    public IBackendFactory Backends { get; }

    /// <summary>The region's backup store: the backups the drill uses, and its ledger and history.</summary>
    public IBackupStore Store { get; }

    public DecryptionKeyRing Keys { get; }

    public IOperationLog Log { get; }

    public DateTimeOffset StartedAt { get; }

    // Phases that run side by side (DrillStep.WithNext) add checks and observe the RPO at the same time.
    private readonly object _gate = new();
    private readonly List<DrillCheck> _checks = [];

    /// <summary>The checks so far (a copy: phases may still be adding).</summary>
    public List<DrillCheck> Checks
    {
        get
        {
            lock (_gate)
            {
                return [.. _checks];
            }
        }
    }

    /// <summary>Where the running phases' checks begin: a phase fails on its own checks, not an earlier phase's.</summary>
    public int PhaseChecksStart { get; internal set; }

    public IEnumerable<DrillCheck> PhaseChecks => Checks.Skip(PhaseChecksStart);

    public int CheckCount
    {
        get
        {
            lock (_gate)
            {
                return _checks.Count;
            }
        }
    }

    public TimeSpan? Rpo { get; private set; }

    public string? RpoBasis { get; private set; }

    /// <summary>A scratch collection name that says which drill owns it: pubsec-dr-drill-&lt;id&gt;-&lt;collection&gt;.</summary>
    public string ScratchName(string collection) => DrillNames.Scratch(Id, collection);

    public void Check(string name, bool passed, string observed, string? target)
    {
        lock (_gate)
        {
            _checks.Add(new DrillCheck { Name = name, Passed = passed, Observed = observed, Target = target });
        }
    }

    /// <summary>Keeps the worst (largest) data-loss window seen: the recovery is only as fresh as its oldest part.</summary>
    public void ObserveRpo(TimeSpan age, string basis)
    {
        lock (_gate)
        {
            if (Rpo is null || age > Rpo)
            {
                Rpo = age < TimeSpan.Zero ? TimeSpan.Zero : age;
                RpoBasis = basis;
            }
        }
    }

    /// <summary>Whether this drill has ledgered the resource (a scratch server it may reuse: what is on it is its own).</summary>
    public Task<bool> CreatedAsync(string kind, string name, CancellationToken ct) => _ledger.HoldsAsync(kind, name, ct);

    /// <summary>Ledgers the resource, then runs <paramref name="create"/>; the resource is removed at the end of the drill whatever happens.</summary>
    public async Task<T> CreateAsync<T>(string kind, string name, Func<Task<T>> create, CancellationToken ct)
    {
        await _ledger.AddAsync(new DrillResource { Kind = kind, Region = Region.Name, Name = name, DrillId = Id, CreatedAt = DateTimeOffset.UtcNow }, ct)
            .ConfigureAwait(false);
        return await create().ConfigureAwait(false);
    }
}
