using System.Buffers.Binary;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using PubSec.Dr.Lab.Engine;

namespace PubSec.Dr.Lab.Grpc;

/// <summary>
/// gRPC's wire format over HTTP/2: each message is a 1-byte compression flag, a 4-byte big-endian length and
/// the protobuf bytes. Unary calls carry one message each way; compression is never negotiated by the lab.
/// </summary>
internal static class GrpcFraming
{
    private const int HeaderLength = 5;

    /// <summary>Requests are small (no snapshot bytes travel over gRPC), so the body is read whole.</summary>
    public static async Task<IMessage> ReadAsync(HttpRequest request, MessageParser parser, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Length < HeaderLength)
        {
            throw QdrantException.BadRequest("gRPC request has no message frame");
        }

        if (bytes.Span[0] != 0)
        {
            throw QdrantException.BadRequest("compressed gRPC messages are not supported");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.Span[1..HeaderLength]);
        if (length > bytes.Length - HeaderLength)
        {
            throw QdrantException.BadRequest("gRPC message frame is truncated");
        }

        return parser.ParseFrom(bytes.Slice(HeaderLength, (int)length).ToArray());
    }

    public static async Task WriteAsync(HttpResponse response, byte[] payload, CancellationToken ct)
    {
        var frame = new byte[HeaderLength + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)payload.Length);
        payload.CopyTo(frame, HeaderLength);
        await response.Body.WriteAsync(frame, ct).ConfigureAwait(false);
    }

    /// <summary>grpc-message is percent-encoded: printable ASCII except '%' stays, everything else becomes %XX of its UTF-8 bytes.</summary>
    public static string EncodeMessage(string message)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
