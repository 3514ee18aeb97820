namespace PubSec.Dr.Backups.Signing;

/// <summary>Who signed a manifest whose signature verified, and whether that signer is one of the trusted ones.</summary>
public sealed record ManifestSignature(string Subject, string Thumbprint, DateTime? SigningTime, bool Trusted)
{
    public string Describe() =>
        $"signed by '{Subject}' (thumbprint {Thumbprint}){(SigningTime is { } at ? $" at {at:yyyy-MM-dd HH:mm:ss}Z" : string.Empty)}"
        + (Trusted ? ", a trusted signer" : "; the signature is intact, but no trusted signer was given to check who signed (-TrustedSigner)");
}
