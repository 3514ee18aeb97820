# Test-BackupIntegrity -Level Restore: prove a backup by restoring it into a scratch collection.
# Runs once per store kind.
param([string] $StoreKind = 'Folder')

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Scratch = @{ ScratchQdrantUri = $LabParams.QdrantUri; ScratchGrpcUri = $LabParams.GrpcUri; ScratchApiKey = $LabParams.ApiKey }

    # Each shard on one node (replication_factor 1), so one wrong part cannot be masked by another replica.
    New-LabCollection -Name 'ri-source' -ShardNumber 3 -ReplicationFactor 1 -PointCount 900 -Seed 101
    New-LabCollection -Name 'ri-other' -ShardNumber 3 -ReplicationFactor 1 -PointCount 700 -Seed 102
    $script:Store = New-TestStore
    $script:Good = New-QdrantBackup @LabParams -Collection 'ri-source' -Store $Store
    $script:Other = New-QdrantBackup @LabParams -Collection 'ri-other' -Store $Store
}

# The lab is shared: its collections go with the file (the stores made here are removed by Remove-TestStoresMade).
AfterAll {
    Remove-TestStoresMade
    Remove-LabCollection 'ri-source', 'ri-other'
}

Describe "Test-BackupIntegrity -Level Restore [$StoreKind]" {
    It 'passes for a good backup, says where and how long, and leaves no scratch collection' {
        $report = $Good | Test-BackupIntegrity -Level Restore @Scratch
        $report.Verdict | Should -Be 'Passed'
        $check = $report.Checks | Where-Object Name -eq 'ScratchRestore'
        $check.Passed | Should -BeTrue
        $check.Detail | Should -Match "restored into 'pubsec-dr-scratch-[0-9a-f]{12}' on http://127\.0\.0\.1:\d+/"
        $check.Detail | Should -Match 'count 900 \(backup 900\), sample 100/100'
        Get-ScratchCollections | Should -BeNullOrEmpty
    }

    It 'fails for a part swapped together with its manifest checksum, which Full cannot see, and still drops the scratch collection' {
        $swapStore = New-TestStore
        $Good | Copy-DrBackup -Destination $swapStore | Out-Null
        Set-TestPart $swapStore $Good 1 $Store $Other.Parts[1]

        $tampered = Get-DrBackup -Store $swapStore -Id $Good.Id
        ($tampered | Test-BackupIntegrity -Level Full).Verdict | Should -Be 'Passed' -Because 'the hashes and the archive structure are all consistent'
        $report = $tampered | Test-BackupIntegrity -Level Restore @Scratch -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        ($report.Checks | Where-Object Name -eq 'ScratchRestore').ErrorId | Should -Be 'RestoreVerificationFailed'
        $failures.FullyQualifiedErrorId -like 'RestoreVerificationFailed,*' | Should -Not -BeNullOrEmpty
        Get-ScratchCollections | Should -BeNullOrEmpty
    }

    It 'refuses -Level Restore without a scratch cluster with IntegrityScratchUriMissing' {
        { $Good | Test-BackupIntegrity -Level Restore -ErrorAction Stop } | Should -Throw -ErrorId 'IntegrityScratchUriMissing*'
    }
}
