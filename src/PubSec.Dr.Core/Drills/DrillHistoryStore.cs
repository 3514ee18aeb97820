using PubSec.Dr.Storage;

namespace PubSec.Dr.Drills;

/// <summary>
/// The drill history in a region's store: one JSON object per drill under drills/&lt;environment&gt;/, named by start
/// time, scenario and id, so the newest are found from the listing alone and only the ones asked for are read.
/// </summary>
public sealed class DrillHistoryStore(IBackupStore store)
{
    public Task SaveAsync(DrillResult result, CancellationToken ct) => DrillStoreObjects.WriteAsync(store, DrillNames.History(result), result, ct);

    /// <summary>The drills of <paramref name="environment"/>, newest first, of one scenario when given, at most <paramref name="last"/>.</summary>
    public async Task<DrillHistory> ReadAsync(string environment, DrillScenario? scenario, int? last, CancellationToken ct)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(DrillNames.Root(environment), ct).ConfigureAwait(false))
        {
            if (DrillNames.IsHistory(environment, info.Key) && (scenario is null || info.Key.Contains($"Z-{scenario}-", StringComparison.Ordinal)))
            {
                keys.Add(info.Key);
            }
        }

        // Keys sort by their start second; drills of the same second are ordered by their exact start once read, so
        // every key sharing the second of the last one asked for is read too.
        var ordered = keys.OrderDescending(StringComparer.Ordinal).ToList();
        var wanted = ordered.Take(last ?? int.MaxValue).ToList();
        if (wanted.Count > 0 && wanted.Count < ordered.Count)
        {
            var second = SecondOf(wanted[^1]);
            wanted.AddRange(ordered.Skip(wanted.Count).TakeWhile(k => SecondOf(k) == second));
        }

        var drills = new List<DrillResult>();
        foreach (var key in wanted)
        {
            if (await DrillStoreObjects.ReadAsync<DrillResult>(store, key, ct).ConfigureAwait(false) is { } result)
            {
                drills.Add(result);
            }
        }

        drills = drills.OrderByDescending(d => d.StartedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal).Take(last ?? int.MaxValue).ToList();
        return DrillTrends.Summarize(environment, drills);
    }

    private static string SecondOf(string key) => key[(key.LastIndexOf('/') + 1)..][..16];
}
