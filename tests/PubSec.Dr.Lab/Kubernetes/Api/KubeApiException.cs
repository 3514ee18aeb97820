using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>A refused API request: the HTTP code and the <c>Status</c> object the apiserver answers with.</summary>
internal sealed class KubeApiException(int code, JsonObject status) : Exception(status["message"]?.GetValue<string>())
{
    public int Code { get; } = code;

    public JsonObject Status { get; } = status;
}
