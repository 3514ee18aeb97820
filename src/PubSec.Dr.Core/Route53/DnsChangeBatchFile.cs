using System.Text;
using System.Text.Json;
using PubSec.Dr.Errors;

namespace PubSec.Dr.Route53;

/// <summary>
/// Writes a batch as the JSON `aws route53 change-resource-record-sets --hosted-zone-id Z --change-batch file://x.json`
/// takes, so a break-glass operator can apply the same change by hand when the module cannot run.
/// </summary>
public static class DnsChangeBatchFile
{
    public static string ToJson(Route53ChangeBatch batch)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            if (batch.Comment is not null)
            {
                json.WriteString("Comment", batch.Comment);
            }

            json.WriteStartArray("Changes");
            foreach (var change in batch.Changes)
            {
                json.WriteStartObject();
                json.WriteString("Action", change.Action);
                json.WriteStartObject("ResourceRecordSet");
                WriteSet(json, change.RecordSet);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Route53ChangeBatch batch, string path)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(path, ToJson(batch) + "\n", new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new DrException(ErrorIds.DnsChangeBatchWriteFailed, DrErrorCategory.WriteError,
                $"The change batch file '{path}' cannot be written: {ex.Message}", "Give a -ChangeBatchPath in a folder you can write to.", path, ex);
        }
    }

    private static void WriteSet(Utf8JsonWriter json, Route53RecordSet set)
    {
        json.WriteString("Name", set.Name);
        json.WriteString("Type", set.Type);
        if (set.SetIdentifier is not null)
        {
            json.WriteString("SetIdentifier", set.SetIdentifier);
        }

        if (set.Weight is { } weight)
        {
            json.WriteNumber("Weight", weight);
        }

        if (set.Region is not null)
        {
            json.WriteString("Region", set.Region);
        }

        if (set.Failover is not null)
        {
            json.WriteString("Failover", set.Failover);
        }

        if (set.MultiValueAnswer is { } multi)
        {
            json.WriteBoolean("MultiValueAnswer", multi);
        }

        if (set.Ttl is { } ttl)
        {
            json.WriteNumber("TTL", ttl);
        }

        json.WriteStartArray("ResourceRecords");
        foreach (var value in set.Values)
        {
            json.WriteStartObject();
            json.WriteString("Value", value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (set.HealthCheckId is not null)
        {
            json.WriteString("HealthCheckId", set.HealthCheckId);
        }
    }
}
