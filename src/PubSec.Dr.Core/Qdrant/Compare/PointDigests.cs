using System.Security.Cryptography;
using System.Text;
using PubSec.Dr.Qdrant.Client;

namespace PubSec.Dr.Qdrant.Compare;

/// <summary>
/// The digests of a point that backup and restore verification must compute identically: payload as
/// canonical JSON (produced by <see cref="CanonicalPayload"/>), vectors as little-endian IEEE floats with
/// named spaces in ordinal order, each prefixed by its name so {"a":[1],"b":[2]} differs from {"ab":[1,2]}.
/// </summary>
public static class PointDigests
{
    public static QdrantPointDigest Of(QdrantPointRecord point) => new()
    {
        Id = point.Id,
        PayloadSha256 = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(point.CanonicalPayload))),
        VectorSha256 = VectorDigest(point.Vectors),
    };

    private static string VectorDigest(IReadOnlyDictionary<string, float[]> vectors)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[4];
        foreach (var (name, values) in vectors.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData([0]);
            foreach (var value in values)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(number, value);
                hash.AppendData(number);
            }
        }

        return Hex(hash.GetHashAndReset());
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
