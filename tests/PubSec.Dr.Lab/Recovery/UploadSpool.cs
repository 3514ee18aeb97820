using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Recovery;

/// <summary>
/// Receives the multipart part named <c>snapshot</c> straight into <c>&lt;snapshots&gt;/tmp/upload</c>, hashing as
/// it goes: snapshots can be many GB, so the body is never held in memory.
/// </summary>
internal static class UploadSpool
{
    public const string PartName = "snapshot";

    public sealed record SpooledUpload(string Path, string? FileName, string Sha256);

    public static async Task<SpooledUpload> ReceiveAsync(HttpRequest request, string spoolDirectory, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw QdrantException.Format("multipart form", "Content-Type must be multipart/form-data with a boundary");
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(ct).ConfigureAwait(false) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || HeaderUtilities.RemoveQuotes(disposition.Name).Value != PartName)
            {
                await section.Body.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
                continue;
            }

            Directory.CreateDirectory(spoolDirectory);
            var path = Path.Combine(spoolDirectory, Guid.NewGuid().ToString("N"));
            try
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
                {
                    var buffer = new byte[1 << 20];
                    int read;
                    while ((read = await section.Body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    }
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                return new SpooledUpload(path, fileName, Convert.ToHexStringLower(hash.GetHashAndReset()));
            }
            catch
            {
                File.Delete(path);
                throw;
            }
        }

        throw QdrantException.BadRequest($"multipart form has no file part named `{PartName}`");
    }
}
