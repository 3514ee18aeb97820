namespace PubSec.Dr;

/// <summary>One certificate a part was encrypted for, identified the way CMS identifies it (issuer and serial).</summary>
public sealed class EncryptionRecipient
{
    public string Subject { get; set; } = string.Empty;

    public string Issuer { get; set; } = string.Empty;

    /// <summary>Upper-case hex serial number, as X509Certificate2.SerialNumber prints it.</summary>
    public string SerialNumber { get; set; } = string.Empty;

    /// <summary>SHA-1 thumbprint (upper-case hex), how certificate stores look certificates up.</summary>
    public string Thumbprint { get; set; } = string.Empty;
}
