using System.Text.Json;

namespace PubSec.Dr.Audit;

/// <summary>audit/head.json: where the last append ended and that record's hash. A hint, overwritten by every append.</summary>
internal sealed record AuditHead(long Sequence, string Hash)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
