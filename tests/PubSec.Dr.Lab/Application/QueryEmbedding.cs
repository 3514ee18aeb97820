using System.Security.Cryptography;
using System.Text;

namespace PubSec.Dr.Lab.Application;

/// <summary>
/// The stub's "model": a deterministic embedding of the query text (SHA-256 bytes, re-hashed for longer vectors, each
/// byte scaled to [0, 1]), so the same query gives the same hits in both regions when their data agree.
/// </summary>
internal static class QueryEmbedding
{
    public static float[] Of(string text, int size)
    {
        var vector = new float[size];
        var block = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        for (var i = 0; i < size; i++)
        {
            if (i > 0 && i % block.Length == 0)
            {
                block = SHA256.HashData(block);
            }

            vector[i] = block[i % block.Length] / 255f;
        }

        return vector;
    }
}
