namespace PubSec.Dr.Backups.Retention;

/// <summary>Backups that compete for the same retention slots: one kind, one source (a Qdrant collection).</summary>
public readonly record struct RetentionGroup(string Kind, string Source)
{
    public static RetentionGroup Of(DrBackup backup) => new(backup.Kind, SourceOf(backup));

    public static string SourceOf(DrBackup backup) => backup.Source;

    public override string ToString() => Source.Length == 0 ? Kind : $"{Kind} '{Source}'";
}
