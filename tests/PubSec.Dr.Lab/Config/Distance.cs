namespace PubSec.Dr.Lab.Config;

/// <summary>Qdrant's distance functions; the member names are the exact JSON spellings.</summary>
internal enum Distance
{
    Cosine,
    Euclid,
    Dot,
    Manhattan,
}
