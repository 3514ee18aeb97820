# Encrypted backups against the lab: parts stored as CMS EnvelopedData that openssl opens, integrity and
# restore with and without the private key.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Target = @{ QdrantUri = $LabParams.QdrantUri; GrpcUri = $LabParams.GrpcUri; ApiKey = $LabParams.ApiKey }
}

Describe 'Encrypted Qdrant backups' {
    BeforeAll {
        $script:Store = New-TestStore
        $script:Owner = New-TestCertificate 'pubsecdr-pester-owner' -KeyUsage KeyEncipherment
        $script:Escrow = New-TestCertificate 'pubsecdr-pester-escrow' -KeyUsage KeyEncipherment
        $script:Stranger = New-TestCertificate 'pubsecdr-pester-stranger' -KeyUsage KeyEncipherment
        New-LabCollection -Name 'enc-sharded' -ShardNumber 3 -ReplicationFactor 1 -PointCount 1200 -Seed 71
        # Public keys only: encrypting must not need a private key.
        $script:Backup = New-QdrantBackup @LabParams -Collection 'enc-sharded' -Store $Store -EncryptionCertificate (Get-PublicOnly $Owner), (Get-PublicOnly $Escrow)
    }
    AfterAll {
        # The lab is shared: the collection goes with the file.
        Remove-LabCollection 'enc-sharded'
    }

    It 'records plaintext and stored hashes and the recipients for every part, never a key' {
        $Backup.Status | Should -Be 'Succeeded'
        $manifest = Get-Content (Join-Path $Store "qdrant/enc-sharded/$($Backup.Id)/manifest.json") -Raw
        $manifest | Should -Not -Match 'PRIVATE KEY|BEGIN '
        foreach ($part in $Backup.Parts) {
            $part.Encryption.Format | Should -Be 'cms-enveloped-data'
            $part.Encryption.ContentAlgorithm | Should -Be 'aes256-cbc'
            $part.Encryption.Recipients.Thumbprint | Should -Be @($Owner.Thumbprint, $Escrow.Thumbprint)
            $file = Join-Path $Store $part.Key
            (Get-Item $file).Length | Should -Be $part.StoredSize
            (Get-FileHash $file -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $part.StoredSha256
            $part.StoredSha256 | Should -Not -Be $part.Sha256
        }
    }

    It 'stores parts that openssl cms -decrypt opens to the manifest''s plaintext SHA-256' {
        $dir = Join-Path $Store 'openssl'
        New-Item -ItemType Directory $dir | Out-Null
        Set-Content (Join-Path $dir 'cert.pem') $Escrow.ExportCertificatePem()
        Set-Content (Join-Path $dir 'key.pem') ([System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Escrow).ExportPkcs8PrivateKeyPem())
        $part = $Backup.Parts | Sort-Object Size -Descending | Select-Object -First 1
        $out = Join-Path $dir 'part.snapshot'
        & openssl cms -decrypt -inform DER -binary -in (Join-Path $Store $part.Key) -out $out -recip (Join-Path $dir 'cert.pem') -inkey (Join-Path $dir 'key.pem')
        $LASTEXITCODE | Should -Be 0
        (Get-Item $out).Length | Should -Be $part.Size
        (Get-FileHash $out -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $part.Sha256
    }

    It 'passes Full integrity with -DecryptionCertificate' {
        $report = $Backup | Test-BackupIntegrity -Level Full -DecryptionCertificate $Owner
        $report.Verdict | Should -Be 'Passed'
        @($report.Checks | Where-Object Name -eq 'PartDecryption').Count | Should -Be $Backup.Parts.Count
        @($report.Checks | Where-Object Name -eq 'PartStoredChecksum').Count | Should -Be $Backup.Parts.Count
        @($report.Checks | Where-Object Name -eq 'PartArchive').Count | Should -Be $Backup.Parts.Count
    }

    It 'fails Full integrity with BackupDecryptionKeyNotFound <Case>, while still checking the stored bytes' -ForEach @(
        @{ Case = 'without a certificate'; UseStranger = $false }, @{ Case = 'with a wrong certificate'; UseStranger = $true }) {
        $extra = if ($UseStranger) { @{ DecryptionCertificate = $Stranger } } else { @{} }
        $report = $Backup | Test-BackupIntegrity -Level Full @extra -ErrorAction SilentlyContinue -ErrorVariable problems
        $report.Verdict | Should -Be 'Failed'
        ($report.Checks | Where-Object Name -eq 'PartDecryption').ErrorId | Sort-Object -Unique | Should -Be 'BackupDecryptionKeyNotFound'
        ($report.Checks | Where-Object Name -eq 'PartStoredChecksum').Passed | Should -Not -Contain $false
        @($problems.FullyQualifiedErrorId -like 'BackupDecryptionKeyNotFound,*').Count | Should -Be $Backup.Parts.Count
        ($report.Checks | Where-Object Name -eq 'PartDecryption')[0].Detail | Should -Match $Owner.Thumbprint
    }

    It 'reports only the missing key, never corruption, when Full runs without the private key' {
        $report = $Backup | Test-BackupIntegrity -Level Full -ErrorAction SilentlyContinue -ErrorVariable problems
        @($report.Checks | Where-Object { -not $_.Passed }).Name | Sort-Object -Unique | Should -Be 'PartDecryption'
        $problems | Should -Not -BeNullOrEmpty -Because 'otherwise the checks below pass on nothing'
        @($problems | Where-Object FullyQualifiedErrorId -notlike 'BackupDecryptionKeyNotFound,*') | Should -BeNullOrEmpty
        foreach ($problem in $problems) {
            $problem.ErrorDetails.RecommendedAction | Should -Match '-DecryptionCertificate'
            $problem.ErrorDetails.RecommendedAction | Should -Not -Match 'altered the store'
            $problem.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
    }

    It 'with a wrong certificate refuses the restore in preflight and changes nothing' {
        Invoke-LabQdrant POST 'collections/enc-sharded/points/delete?wait=true' @{ points = @(1..100) } | Out-Null
        $before = Get-LabPointCount 'enc-sharded'
        $result = $Backup | Restore-QdrantCluster @Target -DecryptionCertificate $Stranger -PreserveCurrentState -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.FullyQualifiedErrorId | Should -BeLike 'BackupDecryptionKeyNotFound,*'
        $result.Steps[0].Name | Should -Be 'Preflight'
        $result.Steps[0].Status | Should -Be 'Failed'
        $result.ForensicBackupId | Should -BeNullOrEmpty
        @(Get-DrBackup -Store $Store -Collection 'enc-sharded').Count | Should -Be 1
        Get-LabPointCount 'enc-sharded' | Should -Be $before
    }

    It 'restores from the encrypted backup, keeping the damaged state encrypted too, and brings back the count' {
        Invoke-LabQdrant POST 'collections/enc-sharded/points/delete?wait=true' @{ points = @(1..300) } | Out-Null
        Get-LabPointCount 'enc-sharded' | Should -Not -Be 1200

        $result = $Backup | Restore-QdrantCluster @Target -DecryptionCertificate $Escrow -PreserveCurrentState -Confirm:$false
        $result.Verdict | Should -Be 'Succeeded'
        $result.Comparison.Equivalent | Should -BeTrue
        Get-LabPointCount 'enc-sharded' | Should -Be 1200
        $forensic = Get-DrBackup -Store $Store -Id $result.ForensicBackupId
        $forensic.Parts | ForEach-Object { $_.Encryption.Recipients.Thumbprint | Should -Be @($Escrow.Thumbprint) -Because 'the live data the backup protects is never stored in the clear' }
        ($forensic | Test-BackupIntegrity -DecryptionCertificate $Escrow).Verdict | Should -Be 'Passed'
    }

    It 'passes a restore-level check into a scratch collection' {
        $report = $Backup | Test-BackupIntegrity -Level Restore -ScratchQdrantUri $LabParams.QdrantUri -ScratchGrpcUri $LabParams.GrpcUri -ScratchApiKey $LabParams.ApiKey -DecryptionCertificate $Owner
        $report.Verdict | Should -Be 'Passed'
        ($report.Checks | Where-Object Name -eq 'ScratchRestore').Passed | Should -BeTrue
    }

    It 'refuses a certificate without an RSA key before taking any snapshot' {
        $ec = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        $ecCert = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=pubsecdr-pester-ec', $ec,
            [System.Security.Cryptography.HashAlgorithmName]::SHA256).CreateSelfSigned([DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays(1))
        $snapshotsBefore = @(Get-LabSnapshotName -Collection 'enc-sharded').Count
        $backupsBefore = @(Get-DrBackup -Store $Store -Collection 'enc-sharded').Count
        { New-QdrantBackup @LabParams -Collection 'enc-sharded' -Store $Store -EncryptionCertificate $ecCert -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupEncryptionCertificateInvalid*'
        @(Get-DrBackup -Store $Store -Collection 'enc-sharded').Count | Should -Be $backupsBefore
        @(Get-LabSnapshotName -Collection 'enc-sharded').Count | Should -Be $snapshotsBefore
    }
}
