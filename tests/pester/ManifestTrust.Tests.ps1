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

    function Set-TestManifest($Store, [string] $Key, [scriptblock] $Change) {
        $manifest = $Utf8.GetString((Read-TestStoreObject $Store $Key)) | ConvertFrom-Json
        & $Change $manifest
        Write-TestStoreObject $Store $Key $Utf8.GetBytes(($manifest | ConvertTo-Json -Depth 20))
    }

    # The attack: node 1's part replaced by node 1's part of a later backup, the manifest's hash and size updated to match.
    function Invoke-PartSubstitution($Store, $Earlier, $Later, [int] $Node = 1) {
        Write-TestStoreObject $Store $Earlier.Parts[$Node].Key (Read-TestStoreObject $Later.Store $Later.Parts[$Node].Key)
        Set-TestManifest $Store $Earlier.ManifestKey {
            param($m)
            $m.parts[$Node].sha256 = $Later.Parts[$Node].Sha256
            $m.parts[$Node].size = $Later.Parts[$Node].Size
        }
    }

    # A later state of the collection: every point above id 100 gets another payload, vectors and count unchanged,
    # so only a sample that reaches those ids can tell the two states apart.
    function Set-LabPayloadAbove([string] $Name, [int] $Id) {
        $points = (Invoke-LabQdrant POST "collections/$Name/points/scroll" @{ limit = 100000; with_payload = $true; with_vector = $true }).result.points
        $changed = @($points | Where-Object { $_.id -gt $Id } | ForEach-Object {
                @{ id = $_.id; vector = $_.vector; payload = @{ tenant = $_.payload.tenant; title = "altered $($_.id)"; seed = -1 } } })
        Invoke-LabQdrant PUT "collections/$Name/points?wait=true" @{ points = $changed } | Out-Null
    }

    function Get-ScratchCollections { @((Invoke-LabQdrant GET 'collections').result.collections.name | Where-Object { $_ -like 'pubsec-dr-scratch-*' }) }
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
