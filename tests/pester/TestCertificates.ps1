# Certificates made in the test (New-SelfSignedCertificate does not exist on Linux), as an operator would make one:
# DigitalSignature for signing manifests, KeyEncipherment for encrypting backups to a recipient.

function New-TestCertificate([string] $Name, [ValidateSet('DigitalSignature', 'KeyEncipherment')] [string] $KeyUsage = 'DigitalSignature') {
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new("CN=$Name", $rsa,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new($KeyUsage, $true))
    $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays(1))
}

function Get-PublicOnly($Certificate) {
    # What an operator hands out to verify or encrypt: the certificate without its private key.
    [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($Certificate.RawData)
}
