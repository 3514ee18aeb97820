using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Rest;

/// <summary>Turns engine errors into Qdrant's error envelope; anything unexpected is a 500 "Service internal error".</summary>
internal sealed class RestErrors(ILogger<RestErrors> log)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        RequestTimer.Start(context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (QdrantException ex) when (!context.Response.HasStarted)
        {
            await Envelope.Error(context, ex.HttpStatus, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            log.LogError(ex, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await Envelope.Error(context, StatusCodes.Status500InternalServerError, $"Service internal error: {ex.Message}").ConfigureAwait(false);
        }
    }
}
