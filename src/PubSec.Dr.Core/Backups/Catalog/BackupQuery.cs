namespace PubSec.Dr.Backups.Catalog;

/// <summary>Filters for a catalog listing. Null members do not filter.</summary>
public sealed record BackupQuery(
    IReadOnlyCollection<string>? Collections = null,
    string? Id = null,
    DateTime? Since = null,
    DateTime? Before = null);
