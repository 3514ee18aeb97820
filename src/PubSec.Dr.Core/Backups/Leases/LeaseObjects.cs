using System.Text.RegularExpressions;
using PubSec.Dr.Backups;
using PubSec.Dr.Errors;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Leases;

/// <summary>How current a lease object is, as judged by a reader.</summary>
public enum LeaseState
{
    /// <summary>Not expired, and its holder is not provably gone: honour it.</summary>
    Live,

    /// <summary>Past its expiry: the holder stopped renewing (killed, or cut off from the store).</summary>
    Expired,

    /// <summary>Not expired yet, but its holder was a process on this host that no longer runs.</summary>
    HolderGone,
}

/// <summary>A lease object found in a store, with what it says and how current it is.</summary>
public sealed record FoundLease(StoreObjectInfo Object, LeaseKind Kind, LeaseRecord? Record, LeaseState State)
{
    public string Key => Object.Key;

    public string Folder => LeaseObjects.FolderOf(Object.Key);

    public bool IsLive => State == LeaseState.Live;

    public string Describe() => (Record?.Describe() ?? $"an unreadable lease object last written {Object.LastModifiedUtc:yyyy-MM-dd HH:mm:ss}Z")
        + State switch
        {
            LeaseState.Expired => " (expired)",
            LeaseState.HolderGone => " (its process no longer runs)",
            _ => string.Empty,
        };
}

/// <summary>
/// Names and reads lease objects. A writer's lease is "&lt;backup folder&gt;lease-&lt;token&gt;.json", a deleter's
/// marker "&lt;backup folder&gt;deleting-&lt;token&gt;.json" (token: 32 lower-case hex digits). Neither ends in
/// manifest.json, so the catalog never mistakes one for a backup.
/// </summary>
public static partial class LeaseObjects
{
    public const string WriterPrefix = "lease-";
    public const string DeletionPrefix = "deleting-";

    /// <summary>A hand-edited lease cannot block a folder for longer than this, whatever it claims.</summary>
    private static readonly TimeSpan LongestHonouredDuration = TimeSpan.FromHours(1);

    [GeneratedRegex("^(lease|deleting)-[0-9a-f]{32}\\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static string KeyOf(string folder, LeaseKind kind, string token) =>
        StoreKey.Validate($"{folder}{(kind == LeaseKind.Writer ? WriterPrefix : DeletionPrefix)}{token}.json");

    /// <summary>The lease kind a key names, or null for any other object.</summary>
    public static LeaseKind? KindOf(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var match = NamePattern().Match(name);
        return !match.Success ? null : match.Groups[1].Value == "lease" ? LeaseKind.Writer : LeaseKind.Deletion;
    }

    public static bool IsLeaseKey(string key) => KindOf(key) is not null;

    public static string FolderOf(string key) => key[..(key.LastIndexOf('/') + 1)];

    /// <summary>Reads one lease object; null when it vanished in between (its holder finished).</summary>
    public static async Task<FoundLease?> ReadAsync(IBackupStore store, StoreObjectInfo item, DateTime now, CancellationToken ct)
    {
        if (KindOf(item.Key) is not { } kind)
        {
            return null;
        }

        LeaseRecord? record;
        try
        {
            await using var stream = await store.OpenReadAsync(item.Key, ct).ConfigureAwait(false);
            record = await LeaseRecord.TryDeserializeAsync(stream, ct).ConfigureAwait(false);
        }
        catch (DrException ex) when (ex.ErrorId == ErrorIds.StoreObjectNotFound)
        {
            return null;
        }

        return new FoundLease(item, kind, record, StateOf(record, item, now));
    }

    /// <summary>Every lease object under <paramref name="prefix"/>, read and judged.</summary>
    public static async Task<List<FoundLease>> FindAsync(IBackupStore store, string prefix, CancellationToken ct) =>
        (await FolderScan.ScanAsync(store, prefix, ct).ConfigureAwait(false)).SelectMany(f => f.Leases).ToList();

    /// <summary>
    /// A lease is live until the later of the expiry its holder wrote (holder's clock) and the store's own time of
    /// the last renewal plus the duration (store's clock): a skewed clock on either side can only make a lease
    /// last longer, never end early.
    /// </summary>
    internal static LeaseState StateOf(LeaseRecord? record, StoreObjectInfo item, DateTime now)
    {
        var duration = record is null ? BackupLease.DefaultDuration : TimeSpan.FromSeconds(Math.Max(0, record.DurationSeconds));
        duration = duration < LongestHonouredDuration ? duration : LongestHonouredDuration;
        var byStore = item.LastModifiedUtc + duration;
        var byHolder = record?.ExpiresAt.ToUniversalTime() ?? DateTime.MinValue;
        byHolder = byHolder < item.LastModifiedUtc + LongestHonouredDuration ? byHolder : item.LastModifiedUtc + LongestHonouredDuration;
        var expires = byStore > byHolder ? byStore : byHolder;
        if (now >= expires)
        {
            return LeaseState.Expired;
        }

        return record is not null && LeaseHolder.IsProvablyGone(record) ? LeaseState.HolderGone : LeaseState.Live;
    }
}
