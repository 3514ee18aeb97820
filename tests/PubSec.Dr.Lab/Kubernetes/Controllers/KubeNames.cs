using System.Security.Cryptography;
using System.Text;

namespace PubSec.Dr.Lab.Kubernetes;

/// <summary>Generated names and ids as Kubernetes makes them (its "safe" alphabet has no vowels, so no words).</summary>
internal static class KubeNames
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>A random suffix, e.g. the <c>x2k4q</c> of <c>api-7d9f8b6c5-x2k4q</c>.</summary>
    public static string Random(int length) =>
        new(RandomNumberGenerator.GetBytes(length).Select(b => Alphabet[b % Alphabet.Length]).ToArray());

    /// <summary>A stable hash of some text in the same alphabet, e.g. a controller-revision hash.</summary>
    public static string Hash(string text, int length) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(text)).Take(length).Select(b => Alphabet[b % Alphabet.Length]).ToArray());

    public static string ContainerId() => "containerd://" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Digest(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
