using Microsoft.AspNetCore.Http;
using PubSec.Dr.Lab.Auth;

namespace PubSec.Dr.Lab.Rest;

/// <summary>
/// REST authentication as in Qdrant (§1.1): key from the <c>api-key</c> header or <c>Authorization: Bearer</c>;
/// GET /, /healthz, /livez and /readyz stay open; missing/wrong keys get plain-text 401s; a read-only key on
/// anything but a read gets the 403 JSON error.
/// </summary>
internal sealed class RestAuth(ApiKeyPolicy policy)
{
    /// <summary>POST endpoints that only read, so a read-only key may call them.</summary>
    private static readonly string[] ReadOnlyPostSuffixes =
        ["/points/count", "/points/scroll", "/points/search", "/points/search/batch", "/points/query", "/points/recommend", "/points"];

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (IsWhitelisted(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        switch (policy.Check(PresentedKey(context.Request)))
        {
            case AccessLevel.MissingKey:
                await PlainUnauthorized(context, ApiKeyPolicy.MissingKeyText).ConfigureAwait(false);
                return;
            case AccessLevel.InvalidKey:
                await PlainUnauthorized(context, ApiKeyPolicy.InvalidKeyText).ConfigureAwait(false);
                return;
            case AccessLevel.ReadOnly when !IsRead(context.Request):
                await Envelope.Error(context, StatusCodes.Status403Forbidden, $"Forbidden: {ApiKeyPolicy.ManageRequiredText}").ConfigureAwait(false);
                return;
            default:
                await next(context).ConfigureAwait(false);
                return;
        }
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers["api-key"].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    private static bool IsWhitelisted(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        return HttpMethods.IsGet(request.Method)
            && (path is "/" or "" || path.StartsWith("/healthz", StringComparison.Ordinal)
                || path.StartsWith("/livez", StringComparison.Ordinal) || path.StartsWith("/readyz", StringComparison.Ordinal));
    }

    private static bool IsRead(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
        || (HttpMethods.IsPost(request.Method) && ReadOnlyPostSuffixes.Any(suffix => request.Path.Value?.EndsWith(suffix, StringComparison.Ordinal) == true));

    private static Task PlainUnauthorized(HttpContext context, string text)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
