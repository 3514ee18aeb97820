using System.Text.Json;
using System.Text.Json.Serialization;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Failover;

/// <summary>The journal's JSON: camelCase, enums as names, so an operator can read it and jq it.</summary>
public static class FailoverJournalJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Serialize(FailoverJournal journal) => JsonSerializer.SerializeToUtf8Bytes(journal, Options);

    public static FailoverJournal Deserialize(ReadOnlySpan<byte> json, string location)
    {
        try
        {
            return JsonSerializer.Deserialize<FailoverJournal>(json, Options)
                ?? throw new JsonException("The journal is empty.");
        }
        catch (JsonException ex)
        {
            throw new DrException(ErrorIds.FailoverJournalInvalid, DrErrorCategory.InvalidData,
                $"The failover journal at {location} cannot be read: {ex.Message}",
                "Look at the file; run again with -Restart to start the failover over (the earlier steps are then repeated).", location, ex);
        }
    }
}
