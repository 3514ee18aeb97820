using PubSec.Dr.Errors;

namespace PubSec.Dr.Backups.Catalog;

/// <summary>
/// Says what a catalog filter asked for that the store does not hold, and what it does hold, so a typo in a
/// collection name or an id is never answered by a silent, empty listing.
/// </summary>
public static class CatalogMisses
{
    private const int MaxNamesShown = 20;
    private const int NearestShown = 3;

    /// <summary>A collection (or Redis name) filter, as given, and how it matches a backup's source.</summary>
    public sealed record SourceFilter(string Text, Func<string, bool> IsMatch);

    /// <summary>
    /// One error per filter that no backup in the store matches at all (whatever the other filters): the id, and each
    /// collection filter. <paramref name="all"/> is the whole catalog.
    /// </summary>
    public static IEnumerable<DrException> Find(IReadOnlyList<DrBackup> all, string store, string? id, IReadOnlyList<SourceFilter>? sources)
    {
        if (id is not null && !all.Any(b => string.Equals(b.Id, id, StringComparison.OrdinalIgnoreCase)))
        {
            yield return IdNotFound(all, store, id);
        }

        foreach (var source in sources ?? [])
        {
            if (!all.Any(b => source.IsMatch(b.Source)))
            {
                yield return SourceNotFound(all, store, source.Text);
            }
        }
    }

    private static DrException IdNotFound(IReadOnlyList<DrBackup> all, string store, string id)
    {
        var nearest = all.Select(b => b.Id).Distinct(StringComparer.Ordinal)
            .OrderByDescending(other => CommonPrefix(id, other))
            .ThenBy(other => Distance(id.ToLowerInvariant(), other.ToLowerInvariant()))
            .ThenByDescending(other => other, StringComparer.Ordinal)
            .Take(NearestShown)
            .ToList();
        var holds = all.Count == 0 ? "The store holds no backup at all." : $"The nearest of its {all.Count} backup id(s): {string.Join(", ", nearest)}.";
        return new DrException(ErrorIds.BackupIdNotFound, DrErrorCategory.ObjectNotFound,
            $"No backup with the id '{id}' is in {store}. {holds}",
            "Check the id (Get-DrBackup -Store <store> lists them, and Tab completes -Id) and the -Store; a backup whose manifest was deleted is not listed.",
            id);
    }

    private static DrException SourceNotFound(IReadOnlyList<DrBackup> all, string store, string asked)
    {
        var sources = all.GroupBy(b => (b.Kind, b.Source)).OrderBy(g => g.Key.Source, StringComparer.Ordinal)
            .Select(g => $"{g.Key.Source} ({g.Key.Kind}, {g.Count()})").ToList();
        var holds = sources.Count == 0 ? "The store holds no backup at all."
            : $"It holds backups of: {string.Join(", ", sources.Take(MaxNamesShown))}{(sources.Count > MaxNamesShown ? $" and {sources.Count - MaxNamesShown} more" : string.Empty)}.";
        return new DrException(ErrorIds.BackupCollectionNotFound, DrErrorCategory.ObjectNotFound,
            $"No backup of a collection or Redis name matching '{asked}' is in {store}. {holds}",
            "Check the name (collection names are case-sensitive in Qdrant, matched here case-insensitively; Tab completes -Collection) and the -Store.",
            asked);
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n]))
        {
            n++;
        }

        return n;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
