namespace PubSec.Dr.Redis.Rdb;

/// <summary>The keys of one database section of an RDB: counted record by record, and what its RESIZEDB announced.</summary>
/// <param name="Database">The SELECTDB number.</param>
/// <param name="Keys">Key records walked in the section.</param>
/// <param name="Announced">RESIZEDB's key count (the size of the server's key table when it wrote the file); null when the section has none.</param>
public sealed record RdbDatabaseKeys(int Database, long Keys, long? Announced);

/// <summary>
/// What walking an RDB record by record proved about its keys. <see cref="Keys"/> counts key records, each parsed
/// to its end by its type's layout, so it is the number of keys the file holds, not a hint. SAVE, BGSAVE and
/// replication write a RESIZEDB with the key table's size right before the keys of each database and then every
/// key of that table, so there the two agree; files from other writers may announce other sizes.
/// </summary>
public sealed record RdbKeyspace(IReadOnlyList<RdbDatabaseKeys> Databases)
{
    public long Keys => Databases.Sum(d => d.Keys);

    /// <summary>The per-database counts, e.g. "db0 1200, db3 4", with any RESIZEDB that differs from the count.</summary>
    public string Describe() => Databases.Count == 0
        ? "no keys"
        : string.Join(", ", Databases.Select(d => $"db{d.Database} {d.Keys}" + (d.Announced is { } a && a != d.Keys ? $" (RESIZEDB announced {a})" : string.Empty)));
}
