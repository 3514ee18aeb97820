namespace PubSec.Dr;

/// <summary>Quick: manifest and stored sizes. Full: also re-reads every byte and checks the archives.</summary>
public enum IntegrityLevel
{
    Quick,
    Full,
}
