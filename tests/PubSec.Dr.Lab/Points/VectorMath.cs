using PubSec.Dr.Lab.Config;

namespace PubSec.Dr.Lab.Points;

/// <summary>Brute-force scoring with Qdrant's conventions: Cosine vectors are stored normalised, so Cosine is a dot product.</summary>
internal static class VectorMath
{
    /// <summary>What Qdrant stores for a vector: normalised for Cosine, as given otherwise.</summary>
    public static float[] Preprocess(float[] vector, Distance distance)
    {
        if (distance != Distance.Cosine)
        {
            return vector;
        }

        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return length > 0 ? vector.Select(v => v / length).ToArray() : vector;
    }

    public static float Score(float[] query, float[] stored, Distance distance) => distance switch
    {
        Distance.Cosine or Distance.Dot => query.Zip(stored, (a, b) => a * b).Sum(),
        Distance.Euclid => MathF.Sqrt(query.Zip(stored, (a, b) => (a - b) * (a - b)).Sum()),
        Distance.Manhattan => query.Zip(stored, (a, b) => MathF.Abs(a - b)).Sum(),
        _ => throw new ArgumentOutOfRangeException(nameof(distance)),
    };

    /// <summary>Similarities rank high-first; distances rank low-first.</summary>
    public static bool HigherIsBetter(Distance distance) => distance is Distance.Cosine or Distance.Dot;
}
