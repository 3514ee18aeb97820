using System.Security.Cryptography.X509Certificates;
using PubSec.Dr.Storage;

namespace PubSec.Dr.Backups.Signing;

/// <summary>Which signers a check, listing or restore requires: those of its store (<see cref="TrustingBackupStore"/>) and those passed to it.</summary>
public static class ManifestTrust
{
    public static IReadOnlyList<X509Certificate2> TrustedSignersOf(IBackupStore? store) =>
        store is TrustingBackupStore trusting ? trusting.TrustedSigners : [];

    public static ManifestSignatureVerifier VerifierFor(IBackupStore? store, IEnumerable<X509Certificate2>? trustedSigners) =>
        new(TrustedSignersOf(store).Concat(trustedSigners ?? []));
}
