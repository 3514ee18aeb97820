using System.Text;
using System.Text.Json.Nodes;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>
/// The protobuf bodies kubectl's typed clients send for <c>kubectl create namespace|configmap|secret</c>
/// (<c>application/vnd.kubernetes.protobuf</c>: the <c>k8s\0</c> magic, then a <c>runtime.Unknown</c> whose
/// <c>raw</c> is the object), turned into the JSON the lab stores. Only what those commands send is read:
/// ObjectMeta's name, generateName, namespace, labels, annotations; a ConfigMap's data/binaryData, a Secret's
/// data/type/stringData. Other kinds sent as protobuf are 415.
/// </summary>
internal static class ProtobufBodies
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(byte[] body, ResourceType type)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw KubeErrors.BadRequest("the protobuf body does not start with the k8s magic number");
        }

        string? apiVersion = null, kind = null;
        byte[] raw = [];
        foreach (var (field, value) in Fields(body[Magic.Length..]))
        {
            switch (field)
            {
                case 1:
                    foreach (var (f, v) in Fields(value))
                    {
                        (apiVersion, kind) = f == 1 ? (Text(v), kind) : f == 2 ? (apiVersion, Text(v)) : (apiVersion, kind);
                    }

                    break;
                case 2:
                    raw = value;
                    break;
            }
        }

        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        if (type != ResourceTypes.Namespaces && type != ResourceTypes.ConfigMaps && type != ResourceTypes.Secrets)
        {
            throw KubeErrors.UnsupportedBodyType();
        }

        foreach (var (field, value) in Fields(raw))
        {
            switch (type.Kind, field)
            {
                case (_, 1):
                    obj["metadata"] = Metadata(value);
                    break;
                case ("ConfigMap", 2):
                    MapEntry(obj.Child("data"), value, base64: false);
                    break;
                case ("ConfigMap", 3):
                    MapEntry(obj.Child("binaryData"), value, base64: true);
                    break;
                case ("Secret", 2):
                    MapEntry(obj.Child("data"), value, base64: true);
                    break;
                case ("Secret", 3):
                    obj["type"] = Text(value);
                    break;
                case ("Secret", 4):
                    MapEntry(obj.Child("stringData"), value, base64: false);
                    break;
            }
        }

        return obj;
    }

    private static JsonObject Metadata(byte[] message)
    {
        var metadata = new JsonObject();
        foreach (var (field, value) in Fields(message))
        {
            switch (field)
            {
                case 1:
                    metadata["name"] = Text(value);
                    break;
                case 2:
                    metadata["generateName"] = Text(value);
                    break;
                case 3:
                    metadata["namespace"] = Text(value);
                    break;
                case 11:
                    MapEntry(metadata.Child("labels"), value, base64: false);
                    break;
                case 12:
                    MapEntry(metadata.Child("annotations"), value, base64: false);
                    break;
            }
        }

        return metadata;
    }

    /// <summary>One entry of a protobuf map (a message with key = field 1, value = field 2).</summary>
    private static void MapEntry(JsonObject map, byte[] entry, bool base64)
    {
        string key = "";
        byte[] value = [];
        foreach (var (field, bytes) in Fields(entry))
        {
            if (field == 1)
            {
                key = Text(bytes);
            }
            else if (field == 2)
            {
                value = bytes;
            }
        }

        map[key] = base64 ? Convert.ToBase64String(value) : Text(value);
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>The length-delimited fields of a message (varints and fixed-width fields are skipped).</summary>
    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message, ref position);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    Varint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    if (length < 0 || position + length > message.Length)
                    {
                        throw KubeErrors.BadRequest("the protobuf body is truncated");
                    }

                    yield return (field, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw KubeErrors.BadRequest("the protobuf body has an unknown wire type");
            }
        }
    }

    private static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= message.Length)
            {
                throw KubeErrors.BadRequest("the protobuf body is truncated");
            }

            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw KubeErrors.BadRequest("the protobuf body has a malformed varint");
    }
}
