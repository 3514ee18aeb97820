namespace PubSec.Dr;

/// <summary>
/// Describes an encrypted part: a CMS EnvelopedData (RFC 5652) whose content key is wrapped for each recipient
/// certificate. It names recipients only; a key never appears in a manifest.
/// </summary>
public sealed class PartEncryption
{
    public const string CmsFormat = "cms-enveloped-data";

    /// <summary>The container format of the stored bytes.</summary>
    public string Format { get; set; } = CmsFormat;

    /// <summary>The content encryption algorithm, e.g. "aes256-cbc".</summary>
    public string ContentAlgorithm { get; set; } = string.Empty;

    /// <summary>The certificates the content key was wrapped for; any one of their private keys opens the part.</summary>
    public EncryptionRecipient[] Recipients { get; set; } = [];
}
