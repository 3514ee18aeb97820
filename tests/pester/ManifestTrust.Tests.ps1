# What a check, copy or restore trusts (issue 9 items 4 and 5): a part substituted by the same node's part of a
# later backup (found by the spread sample, refused by the signature), a manifest deleted or altered after the
# backup object was obtained, and signed backups checked by the module and by the real openssl binary.
# Runs once per store kind.
param([string] $StoreKind = 'Folder')

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Target = @{ QdrantUri = $LabParams.QdrantUri; GrpcUri = $LabParams.GrpcUri; ApiKey = $LabParams.ApiKey }
    $script:Scratch = @{ ScratchQdrantUri = $LabParams.QdrantUri; ScratchGrpcUri = $LabParams.GrpcUri; ScratchApiKey = $LabParams.ApiKey }
    $script:Utf8 = [Text.UTF8Encoding]::new($false)

    # The attack: the victim's node 1 part replaced by node 1's part of another backup of the same collection (the
    # donor), and the victim's manifest edited so that hash and size match.
    function Invoke-PartSubstitution($Store, $Victim, $Donor, [int] $Node = 1) { Set-TestPart $Store $Victim $Node $Donor.Store $Donor.Parts[$Node] }

    # The same store New-TestStore made, opened again with -TrustedSigner, as an operator does once per session.
    function Open-TrustingStore($Store, $Signer) {
        $expression = Get-TestStoreExpression $Store
        if ($expression.StartsWith('(New-DrBackupStore')) {
            return Invoke-Expression ($expression.Substring(0, $expression.Length - 1) + ' -TrustedSigner $Signer)')
        }
        New-DrBackupStore $Store -TrustedSigner $Signer
    }

    function Save-ManifestFile($Store, $Backup, [string] $Folder) {
        New-Item -ItemType Directory -Force $Folder | Out-Null
        [IO.File]::WriteAllBytes((Join-Path $Folder 'manifest.json'), (Read-TestStoreObject $Store $Backup.ManifestKey))
        [IO.File]::WriteAllBytes((Join-Path $Folder 'manifest.json.p7s'), (Read-TestStoreObject $Store "$($Backup.ManifestKey).p7s"))
    }

    # The command about_PubSecDr documents, with the real openssl binary.
    function Invoke-OpensslVerify([string] $Folder, $Certificate) {
        Set-Content (Join-Path $Folder 'signer.pem') $Certificate.ExportCertificatePem()
        $output = & openssl cms -verify -binary -inform DER -in (Join-Path $Folder 'manifest.json.p7s') -content (Join-Path $Folder 'manifest.json') `
            -CAfile (Join-Path $Folder 'signer.pem') -purpose any -out /dev/null 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }

    function Get-Sha256([byte[]] $Bytes) { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($Bytes)).ToLowerInvariant() }

    function New-DataDirectory {
        # Under $TestDrive, which Pester removes with the test file's run.
        $path = Join-Path $TestDrive "redis-data-$([Guid]::NewGuid().ToString('N').Substring(0, 8))"
        New-Item -ItemType Directory $path | Out-Null
        $path
    }

    # A later state of the collection: every point above id 100 gets another payload, vectors and count unchanged,
    # so only a sample that reaches those ids can tell the two states apart.
    function Set-LabPayloadAbove([string] $Name, [int] $Id) {
        $points = (Invoke-LabQdrant POST "collections/$Name/points/scroll" @{ limit = 100000; with_payload = $true; with_vector = $true }).result.points
        $changed = @($points | Where-Object { $_.id -gt $Id } | ForEach-Object {
                @{ id = $_.id; vector = $_.vector; payload = @{ tenant = $_.payload.tenant; title = "altered $($_.id)"; seed = -1 } } })
        Invoke-LabQdrant PUT "collections/$Name/points?wait=true" @{ points = $changed } | Out-Null
    }

}

AfterAll {
    # Every store the blocks wrote (copies of 900-point backups per store kind) and every collection they seeded.
    Remove-TestStoresMade
    Remove-LabCollection 'mt-subst', 'mt-stored', 'mt-signed'
}

Describe "A part substituted by the same node's part of a later backup [$StoreKind]" {
    BeforeAll {
        # Each shard on one node (replication_factor 1), so the substituted part is the only copy of its shards.
        New-LabCollection -Name 'mt-subst' -ShardNumber 3 -ReplicationFactor 1 -PointCount 900 -Seed 141
        $script:Store = New-TestStore
        $script:Earlier = New-QdrantBackup @LabParams -Collection 'mt-subst' -Store $Store
        Set-LabPayloadAbove 'mt-subst' 100
        $script:Later = New-QdrantBackup @LabParams -Collection 'mt-subst' -Store $Store
        $script:Tampered = New-TestStore
        $Earlier | Copy-DrBackup -Destination $Tampered | Out-Null
        Invoke-PartSubstitution $Tampered $Earlier $Later
        $script:Substituted = Get-DrBackup -Store $Tampered -Id $Earlier.Id
    }

    It 'records a sample spread over the whole id space, not the first 100 ids' {
        $ids = @($Earlier.Sample.Id | ForEach-Object { [int] $_ })
        $ids.Count | Should -Be 100
        @($ids | Sort-Object -Unique).Count | Should -Be 100
        ($ids | Measure-Object -Minimum).Minimum | Should -Be 1
        ($ids | Measure-Object -Maximum).Maximum | Should -BeGreaterThan 850
        # Every tenth of the id space holds part of the sample.
        @($ids | ForEach-Object { [Math]::Floor(($_ - 1) / 90) } | Sort-Object -Unique).Count | Should -Be 10
        $Earlier.GoldenQueries.Count | Should -Be 5
    }

    It 'still passes Full without a trusted signer: every hash and archive agrees, which is why backups are signed' {
        ($Substituted | Test-BackupIntegrity -Level Full).Verdict | Should -Be 'Passed'
    }

    It 'fails a restore-level check through the spread sample, and leaves no scratch collection' {
        $report = $Substituted | Test-BackupIntegrity -Level Restore @Scratch -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        $check = $report.Checks | Where-Object Name -eq 'ScratchRestore'
        $check.ErrorId | Should -Be 'RestoreVerificationFailed'
        $check.Detail | Should -Match 'count 900 \(backup 900\)'
        $check.Detail | Should -Match 'PayloadDiffers'
        $check.Detail | Should -Not -Match 'GoldenQueryRecall' -Because 'only the payloads changed'
        $failures.FullyQualifiedErrorId -like 'RestoreVerificationFailed,*' | Should -Not -BeNullOrEmpty
        Get-ScratchCollections | Should -BeNullOrEmpty
    }

    It 'makes Restore-QdrantCluster report the substituted points instead of Succeeded' {
        $result = $Substituted | Restore-QdrantCluster @Target -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $result.Verdict | Should -Be 'Failed'
        $result.Comparison.SampleMatched | Should -BeLessThan $result.Comparison.SampleChecked
        $failures.FullyQualifiedErrorId | Should -BeLike 'RestoreVerificationFailed,*'
    }
}

Describe "A backup object whose manifest was deleted or altered in the store [$StoreKind]" {
    BeforeAll {
        New-LabCollection -Name 'mt-stored' -ShardNumber 2 -ReplicationFactor 1 -PointCount 400 -Seed 151
    }

    BeforeEach {
        $script:Store = New-TestStore
        $script:Backup = New-QdrantBackup @LabParams -Collection 'mt-stored' -Store $Store
        # The object an earlier pipeline step obtained, before the store changed.
        $script:Listed = Get-DrBackup -Store $Store -Id $Backup.Id
    }

    It 'fails <Level> with BackupManifestMissing once the manifest is deleted' -ForEach @(
        @{ Level = 'Quick' }, @{ Level = 'Full' }, @{ Level = 'Restore' }) {
        Remove-TestStoreObject $Store $Listed.ManifestKey
        $extra = if ($Level -eq 'Restore') { $Scratch } else { @{} }
        $report = $Listed | Test-BackupIntegrity -Level $Level @extra -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        @($report.Checks | Where-Object { -not $_.Passed }).ErrorId | Should -Be @('BackupManifestMissing')
        $report.BytesRead | Should -Be 0
        @($failures.FullyQualifiedErrorId) | Should -BeLike 'BackupManifestMissing,*'
        Get-ScratchCollections | Should -BeNullOrEmpty
    }

    It 'fails Quick with BackupManifestInvalid once the manifest is corrupted' {
        Write-TestStoreObject $Store $Listed.ManifestKey $Utf8.GetBytes('{"schemaVersion": 1, "kind": "Qdrant", "id": ')
        $report = $Listed | Test-BackupIntegrity -Level Quick -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        @($report.Checks | Where-Object { -not $_.Passed }).ErrorId | Should -Be @('BackupManifestInvalid')
        @($failures.FullyQualifiedErrorId) | Should -BeLike 'BackupManifestInvalid,*'
    }

    It 'fails Quick with BackupManifestChanged when the stored manifest differs, and checks what the store holds' {
        Set-TestManifest $Store $Listed.ManifestKey { param($m) $m.parts[0].size = $m.parts[0].size + 1 }
        $report = $Listed | Test-BackupIntegrity -Level Quick -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        ($report.Checks | Where-Object { -not $_.Passed }).ErrorId | Sort-Object | Should -Be @('BackupManifestChanged', 'BackupPartSizeMismatch')
        $report.Backup.Parts[0].Size | Should -Be ($Listed.Parts[0].Size + 1) -Because 'the rest of the check uses the manifest the store holds'
    }

    It 'makes Restore-QdrantCluster refuse with <ErrorId> and change nothing' -ForEach @(
        @{ ErrorId = 'BackupManifestMissing'; Damage = { param($s, $b) Remove-TestStoreObject $s $b.ManifestKey } },
        @{ ErrorId = 'BackupManifestChanged'; Damage = { param($s, $b) Set-TestManifest $s $b.ManifestKey { param($m) $m.pointCount = 399 } } }) {
        & $Damage $Store $Listed
        Invoke-LabQdrant POST 'collections/mt-stored/points/delete?wait=true' @{ points = @(1..50) } | Out-Null
        try {
            $result = $Listed | Restore-QdrantCluster @Target -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            @($failures.FullyQualifiedErrorId) | Should -BeLike "$ErrorId,*"
            $result | Should -BeNullOrEmpty
            Get-LabPointCount 'mt-stored' | Should -Be 350
        } finally {
            # The next test's backup expects all 400 points, whatever this one found.
            Add-LabPoints -Name 'mt-stored' -Start 1 -Count 50 -Seed 151
        }
    }

    It 'makes Copy-DrBackup refuse with BackupManifestMissing and list nothing at the destination' {
        Remove-TestStoreObject $Store $Listed.ManifestKey
        $destination = New-TestStore
        $Listed | Copy-DrBackup -Destination $destination -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @($failures.FullyQualifiedErrorId) | Should -BeLike 'BackupManifestMissing,*'
        Get-TestStoreKey $destination | Should -BeNullOrEmpty
    }

    It 'makes Restore-RedisBackup refuse with BackupManifestMissing before writing dump.rdb' {
        $redis = Get-LabRedis
        $password = ConvertTo-SecureString $redis.password -AsPlainText -Force
        $rdb = New-RedisBackup $redis.primary -Password $password -Mode Rdb -Store $Store -Name 'mt-redis' -Confirm:$false
        $object = Get-DrBackup -Store $Store -Id $rdb.Id
        Remove-TestStoreObject $Store $object.ManifestKey
        $dataDirectory = New-DataDirectory
        $object | Restore-RedisBackup -DataDirectory $dataDirectory -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        @($failures.FullyQualifiedErrorId) | Should -BeLike 'BackupManifestMissing,*'
        Get-ChildItem $dataDirectory -Force | Should -BeNullOrEmpty
    }
}

Describe "Signed backups [$StoreKind]" {
    BeforeAll {
        $script:Signer = New-TestCertificate 'pubsecdr-pester-signer'
        $script:Intruder = New-TestCertificate 'pubsecdr-pester-intruder'
        # Verifying needs only the public certificate.
        $script:Trusted = Get-PublicOnly $Signer
        New-LabCollection -Name 'mt-signed' -ShardNumber 3 -ReplicationFactor 1 -PointCount 900 -Seed 161
        $script:Store = New-TestStore
        $script:Signed = New-QdrantBackup @LabParams -Collection 'mt-signed' -Store $Store -SigningCertificate $Signer
        Set-LabPayloadAbove 'mt-signed' 100
        $script:Later = New-QdrantBackup @LabParams -Collection 'mt-signed' -Store $Store -SigningCertificate $Signer
        $script:Tampered = New-TestStore
        $Signed | Copy-DrBackup -Destination $Tampered | Out-Null
        Invoke-PartSubstitution $Tampered $Signed $Later
        $script:Substituted = Get-DrBackup -Store $Tampered -Id $Signed.Id
        # Holds an intruder's private key: under $TestDrive, which Pester removes.
        $script:Work = Join-Path $TestDrive 'openssl'
    }

    It 'writes manifest.json.p7s beside the manifest, which openssl cms -verify accepts with the signing certificate' {
        Get-TestStoreKey $Store "qdrant/mt-signed/$($Signed.Id)/" | Should -Contain "$($Signed.ManifestKey).p7s"
        Save-ManifestFile $Store $Signed (Join-Path $Work 'good')
        $verify = Invoke-OpensslVerify (Join-Path $Work 'good') $Trusted
        $verify.ExitCode | Should -Be 0 -Because $verify.Output
        $verify.Output | Should -Match 'Verification successful'
        # The signed manifest names every part's SHA-256, so verifying it and hashing the parts checks the whole backup.
        foreach ($part in $Signed.Parts) { Get-Sha256 (Read-TestStoreObject $Store $part.Key) | Should -Be $part.Sha256 }
    }

    It 'makes openssl cms -verify reject the manifest of the backup whose part was substituted' {
        Save-ManifestFile $Tampered $Signed (Join-Path $Work 'tampered')
        $verify = Invoke-OpensslVerify (Join-Path $Work 'tampered') $Trusted
        $verify.ExitCode | Should -Not -Be 0
        $verify.Output | Should -Match 'content verify error'
    }

    It 'passes <Level> with -TrustedSigner and names the signer' -ForEach @(@{ Level = 'Quick' }, @{ Level = 'Full' }) {
        $report = $Signed | Test-BackupIntegrity -Level $Level -TrustedSigner $Trusted
        $report.Verdict | Should -Be 'Passed'
        ($report.Checks | Where-Object Name -eq 'ManifestSignature').Detail | Should -Match $Signer.Thumbprint
    }

    It 'rejects the substituted backup at level <Level> with BackupSignatureInvalid' -ForEach @(
        @{ Level = 'Quick' }, @{ Level = 'Full' }, @{ Level = 'Restore' }) {
        $extra = if ($Level -eq 'Restore') { $Scratch } else { @{} }
        $report = $Substituted | Test-BackupIntegrity -Level $Level @extra -TrustedSigner $Trusted -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        ($report.Checks | Where-Object Name -eq 'ManifestSignature').ErrorId | Should -Be 'BackupSignatureInvalid'
        ($failures | Where-Object FullyQualifiedErrorId -like 'BackupSignatureInvalid,*').CategoryInfo.Category | Should -Be 'SecurityError'
        if ($Level -eq 'Restore') {
            ($report.Checks | Where-Object Name -eq 'ScratchRestore').Detail | Should -Match 'Not attempted'
            Get-ScratchCollections | Should -BeNullOrEmpty
        }
    }

    It 'makes Restore-QdrantCluster -TrustedSigner refuse the substituted backup before changing anything' {
        # The live collection holds the later state, exactly as the later backup recorded it.
        $Later | Compare-QdrantCollection @Target | Should -BeNullOrEmpty
        $result = $Substituted | Restore-QdrantCluster @Target -TrustedSigner $Trusted -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        @($failures.FullyQualifiedErrorId) | Should -BeLike 'BackupSignatureInvalid,*'
        $result | Should -BeNullOrEmpty
        $Later | Compare-QdrantCollection @Target | Should -BeNullOrEmpty
    }

    It 'fails Quick with BackupSignatureMissing once manifest.json.p7s is removed' {
        $copy = New-TestStore
        $Signed | Copy-DrBackup -Destination $copy | Out-Null
        Remove-TestStoreObject $copy "$($Signed.ManifestKey).p7s"
        $report = Get-DrBackup -Store $copy -Id $Signed.Id | Test-BackupIntegrity -Level Quick -TrustedSigner $Trusted -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        @($failures.FullyQualifiedErrorId) | Should -BeLike 'BackupSignatureMissing,*'
        $report.BytesRead | Should -Be 0
    }

    It 'fails with BackupSignerUntrusted when the substituted manifest is re-signed with another key' {
        $folder = Join-Path $Work 'resigned'
        Save-ManifestFile $Tampered $Signed $folder
        Set-Content (Join-Path $folder 'intruder.pem') $Intruder.ExportCertificatePem()
        Set-Content (Join-Path $folder 'intruder.key') ([System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Intruder).ExportPkcs8PrivateKeyPem())
        & openssl cms -sign -binary -in (Join-Path $folder 'manifest.json') -signer (Join-Path $folder 'intruder.pem') `
            -inkey (Join-Path $folder 'intruder.key') -outform DER -out (Join-Path $folder 'resigned.p7s')
        $LASTEXITCODE | Should -Be 0
        $original = Read-TestStoreObject $Tampered "$($Signed.ManifestKey).p7s"
        Write-TestStoreObject $Tampered "$($Signed.ManifestKey).p7s" ([IO.File]::ReadAllBytes((Join-Path $folder 'resigned.p7s')))
        try {
            $report = $Substituted | Test-BackupIntegrity -Level Full -TrustedSigner $Trusted -ErrorVariable failures -ErrorAction SilentlyContinue
            $report.Verdict | Should -Be 'Failed'
            @($failures.FullyQualifiedErrorId) | Should -BeLike 'BackupSignerUntrusted,*'
            $failures[0].Exception.Message | Should -Match $Intruder.Thumbprint
            ($Substituted | Test-BackupIntegrity -Level Full).Verdict | Should -Be 'Passed' -Because 'without a trusted signer, an intact signature by anyone passes'
        } finally {
            Write-TestStoreObject $Tampered "$($Signed.ManifestKey).p7s" $original
        }
    }

    It 'copies manifest.json and manifest.json.p7s byte for byte with Copy-DrBackup' {
        $copy = New-TestStore
        $result = $Signed | Copy-DrBackup -Destination $copy
        foreach ($key in $Signed.ManifestKey, "$($Signed.ManifestKey).p7s") {
            [Convert]::ToBase64String((Read-TestStoreObject $copy $key)) | Should -Be ([Convert]::ToBase64String((Read-TestStoreObject $Store $key)))
        }
        ($result | Test-BackupIntegrity -Level Full -TrustedSigner $Trusted).Verdict | Should -Be 'Passed'
    }

    It 'signs the copy of an unsigned backup with Copy-DrBackup -SigningCertificate, and keeps the signature of a signed one' {
        $unsigned = New-QdrantBackup @LabParams -Collection 'mt-signed' -Store $Store
        $copy = New-TestStore
        $unsigned, $Signed | Copy-DrBackup -Destination $copy -SigningCertificate $Intruder -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        (Get-DrBackup -Store $copy -Id $unsigned.Id | Test-BackupIntegrity -Level Quick -TrustedSigner (Get-PublicOnly $Intruder)).Verdict | Should -Be 'Passed'
        (Get-DrBackup -Store $copy -Id $Signed.Id | Test-BackupIntegrity -Level Quick -TrustedSigner $Trusted).Verdict | Should -Be 'Passed'
        $warnings -join ' ' | Should -Match "$($Signed.Id) is already signed"
    }

    It 'refuses a -SigningCertificate without its private key with BackupSigningCertificateInvalid before any snapshot' {
        $snapshotsBefore = @(Get-LabSnapshotName -Collection 'mt-signed').Count
        $backupsBefore = @(Get-DrBackup -Store $Store -Collection 'mt-signed').Count
        { New-QdrantBackup @LabParams -Collection 'mt-signed' -Store $Store -SigningCertificate $Trusted -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupSigningCertificateInvalid*'
        @(Get-DrBackup -Store $Store -Collection 'mt-signed').Count | Should -Be $backupsBefore
        @(Get-LabSnapshotName -Collection 'mt-signed').Count | Should -Be $snapshotsBefore
    }

    It 'signs Redis backups, and Restore-RedisBackup -TrustedSigner refuses one whose signature is gone before writing dump.rdb' {
        $redis = Get-LabRedis
        $password = ConvertTo-SecureString $redis.password -AsPlainText -Force
        $rdb = New-RedisBackup $redis.primary -Password $password -Mode Rdb -Store $Store -Name 'mt-redis-signed' -SigningCertificate $Signer -Confirm:$false
        Save-ManifestFile $Store $rdb (Join-Path $Work 'redis')
        (Invoke-OpensslVerify (Join-Path $Work 'redis') $Trusted).ExitCode | Should -Be 0
        # Only the backups asked for are verified: the unsigned ones beside it in the store are none of this listing's business.
        $listed = Get-DrBackup -Store $Store -Id $rdb.Id -TrustedSigner $Trusted -ErrorVariable listErrors
        $listErrors | Should -BeNullOrEmpty
        ($listed | Test-BackupIntegrity -Level Full -TrustedSigner $Trusted).Verdict | Should -Be 'Passed'
        ($rdb | Restore-RedisBackup -DataDirectory (New-DataDirectory) -TrustedSigner $Trusted -Confirm:$false).Verdict | Should -Be 'Succeeded'

        Remove-TestStoreObject $Store "$($rdb.ManifestKey).p7s"
        $dataDirectory = New-DataDirectory
        $rdb | Restore-RedisBackup -DataDirectory $dataDirectory -TrustedSigner $Trusted -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        @($failures.FullyQualifiedErrorId) | Should -BeLike 'BackupSignatureMissing,*'
        Get-ChildItem $dataDirectory -Force | Should -BeNullOrEmpty
        Get-DrBackup -Store $Store -Id $rdb.Id -TrustedSigner $Trusted -ErrorVariable listing -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @($listing.FullyQualifiedErrorId) | Should -BeLike 'BackupSignatureMissing,*'
    }

    It 'with a store opened with -TrustedSigner, never offers the tampered newest backup: Get-DrBackup leaves it out, -Latest and Restore-QdrantCluster take the good one' {
        $mixed = New-TestStore
        $Signed, $Later | Copy-DrBackup -Destination $mixed | Out-Null
        # The newest backup's node 1 part replaced by the earlier backup's, its manifest edited to match.
        Invoke-PartSubstitution $mixed (Get-DrBackup -Store $mixed -Id $Later.Id) $Signed
        (Get-DrBackup -Store $mixed -Collection 'mt-signed' -Latest).Id | Should -Be $Later.Id -Because 'without trusted signers the tampered backup is simply the newest'

        $trusting = Open-TrustingStore $mixed $Trusted
        $listed = @(Get-DrBackup -Store $trusting -Collection 'mt-signed' -ErrorVariable failures -ErrorAction SilentlyContinue)
        $listed.Id | Should -Be @($Signed.Id)
        @($failures.FullyQualifiedErrorId) | Should -BeLike 'BackupSignatureInvalid,*'
        $failures[0].Exception.Message | Should -Match $Later.Id
        (Get-DrBackup -Store $trusting -Collection 'mt-signed' -Latest -ErrorAction SilentlyContinue).Id | Should -Be $Signed.Id
        # The requirement travels with the backups listed from that store.
        ($listed | Test-BackupIntegrity -Level Quick).Checks.Name | Should -Contain 'ManifestSignature'

        $result = Restore-QdrantCluster @Target -Store $trusting -Collection 'mt-signed' -Confirm:$false -WarningVariable skipped -WarningAction SilentlyContinue
        $skipped -join ' ' | Should -Match $Later.Id
        $result.BackupId | Should -Be $Signed.Id
        $result.Verdict | Should -Be 'Succeeded'
    }
}
