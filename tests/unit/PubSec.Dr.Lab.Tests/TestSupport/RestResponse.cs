using System.Net;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Tests.TestSupport;

/// <summary>A REST answer: status, content type, raw text and (when JSON) the parsed body.</summary>
public sealed record RestResponse(HttpStatusCode Status, string? ContentType, string Text, JsonNode? Body)
{
    public JsonNode? Result => Body?["result"];

    /// <summary>The error text of Qdrant's error envelope.</summary>
    public string? Error => Body?["status"] is JsonObject status ? status["error"]?.GetValue<string>() : null;

    public static async Task<RestResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var type = response.Content.Headers.ContentType?.MediaType;
        JsonNode? body = null;
        if (type == "application/json" && text.Length > 0)
        {
            body = JsonNode.Parse(text);
        }

        return new RestResponse(response.StatusCode, type, text, body);
    }

    public void AssertOk()
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {(int)Status}: {Text}");
        Assert.Equal("ok", Body?["status"]?.GetValue<string>());
    }

    public void AssertError(HttpStatusCode status, string message)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Text}");
        Assert.Equal(message, Error);
        Assert.False(Body!.AsObject().ContainsKey("result"), "an error envelope has no result key");
    }
}
