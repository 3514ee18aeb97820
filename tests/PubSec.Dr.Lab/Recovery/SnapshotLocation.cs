using System.Text.RegularExpressions;
using PubSec.Dr.Lab.Cluster;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Recovery;

/// <summary>
/// Turns the `location` of PUT …/snapshots/recover into a local file (§2.5): <c>file://</c> must be absolute (or on
/// localhost), exist, and lie inside this node's snapshots folder; <c>http(s)://</c> is downloaded, with `api_key`
/// sent as the api-key header; any other scheme is refused.
/// </summary>
internal static partial class SnapshotLocation
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public static async Task<SnapshotSource> ResolveAsync(string location, string? apiKey, LabNode node, CancellationToken ct)
    {
        if (!SchemePrefix().IsMatch(location) || !Uri.TryCreate(location, UriKind.Absolute, out var uri))
        {
            throw QdrantException.Format("JSON body", "location: relative URL without a base");
        }

        return uri.Scheme switch
        {
            "file" => FromFile(uri, node),
            "http" or "https" => await DownloadAsync(uri, apiKey, node, ct).ConfigureAwait(false),
            _ => throw QdrantException.BadRequest($"URL {location} with scheme {uri.Scheme} is not supported"),
        };
    }

    private static SnapshotSource FromFile(Uri uri, LabNode node)
    {
        if (uri.Host.Length > 0 && !uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            throw QdrantException.BadRequest("Invalid snapshot URI, file path must be absolute or on localhost");
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (!File.Exists(path))
        {
            throw QdrantException.BadRequest($"Snapshot file \"{path}\" does not exist");
        }

        // Canonical paths on both sides, so neither ".." nor a symlink can point outside the snapshots folder.
        var real = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        var root = Path.GetFullPath(node.Paths.Snapshots).TrimEnd('/') + "/";
        if (!real.StartsWith(root, StringComparison.Ordinal))
        {
            throw QdrantException.Forbidden($"Snapshot file path must be inside the snapshots directory {root.TrimEnd('/')}");
        }

        return new SnapshotSource(real, Temporary: false);
    }

    private static async Task<SnapshotSource> DownloadAsync(Uri uri, string? apiKey, LabNode node, CancellationToken ct)
    {
        var directory = Directory.CreateDirectory(Path.Combine(node.Paths.StorageTemp, $"download-{Guid.NewGuid():N}")).FullName;
        var path = Path.Combine(directory, "download.snapshot");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (!string.IsNullOrEmpty(apiKey))
            {
                request.Headers.TryAddWithoutValidation("api-key", apiKey);
            }

            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw QdrantException.BadRequest(
                    $"Failed to download snapshot from {uri}: status - {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
            await response.Content.CopyToAsync(output, ct).ConfigureAwait(false);
            return new SnapshotSource(path, Temporary: true);
        }
        catch (HttpRequestException ex)
        {
            Directory.Delete(directory, recursive: true);
            throw QdrantException.Service($"Http request error: {ex.Message}");
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePrefix();
}
