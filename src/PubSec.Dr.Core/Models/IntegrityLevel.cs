namespace PubSec.Dr;

/// <summary>
/// Quick: manifest and stored sizes. Full: also re-reads every byte and checks the archives. Restore: Full,
/// then an actual restore into a scratch collection checked against the manifest's count, sample and
/// golden queries (what Full cannot see: a part and its checksum both replaced by other data).
/// </summary>
public enum IntegrityLevel
{
    Quick,
    Full,
    Restore,
}
