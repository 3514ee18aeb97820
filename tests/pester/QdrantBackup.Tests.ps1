# End to end against the lab's 3-node Qdrant emulator: back up, verify, damage, verify again.
# Runs once per store kind (folder, S3 on moto, Azure Blob on Azurite).
param([string] $StoreKind = 'Folder')

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    New-LabCollection -Name 'e2e-sharded' -ShardNumber 3 -ReplicationFactor 2 -PointCount 2500 -Seed 11
    New-LabCollection -Name 'e2e-replicated' -ShardNumber 2 -ReplicationFactor 3 -PointCount 1500 -Seed 12
}

Describe "New-QdrantBackup | Test-BackupIntegrity on a healthy cluster [$StoreKind]" {
    BeforeAll {
        $script:Store = New-TestStore
        $script:SnapshotsBefore = @(Get-LabSnapshotName -Collection 'e2e-sharded')
        $script:Sharded = New-QdrantBackup @LabParams -Collection 'e2e-sharded' -Store $Store
        $script:Replicated = New-QdrantBackup @LabParams -Collection 'e2e-replicated' -Store $Store
    }

    It 'backs up a 3-shard, 2-replica collection from every node and the result passes Full integrity' {
        $Sharded.Status | Should -Be 'Succeeded'
        $Sharded.PointCount | Should -Be 2500
        $Sharded.Parts.Count | Should -Be 3
        $Sharded.MissingShards | Should -BeNullOrEmpty
        $report = $Sharded | Test-BackupIntegrity
        $report.Verdict | Should -Be 'Passed'
        $report.Level | Should -Be 'Full'
        $report.BytesRead | Should -Be $Sharded.SizeBytes
    }

    It 'records which shards each node really holds, and the nodes hold different shards' {
        $held = $Sharded.Parts | ForEach-Object { (@($_.Shards | Where-Object HasData | ForEach-Object ShardId) | Sort-Object) -join ',' }
        ($held | Sort-Object -Unique).Count | Should -Be 3 -Because 'shard s lives on nodes s and s+1, so no two nodes hold the same pair'
        foreach ($shard in 0..2) {
            @($Sharded.Parts.Shards | Where-Object { $_.HasData -and $_.ShardId -eq $shard }).Count | Should -Be 2
        }
        $Sharded.Config.ShardNumber | Should -Be 3
        $Sharded.Config.ReplicationFactor | Should -Be 2
        $Sharded.Config.Vectors[0].Size | Should -Be 8
    }

    It 'backs up a collection replicated on all 3 nodes and it passes Full integrity' {
        $Replicated.Status | Should -Be 'Succeeded'
        $Replicated.Parts | ForEach-Object { @($_.Shards | Where-Object HasData).Count | Should -Be 2 }
        ($Replicated | Test-BackupIntegrity).Verdict | Should -Be 'Passed'
    }

    It 'lists what it stored, newest first, and -Latest picks the newest good backup per collection' {
        $again = New-QdrantBackup @LabParams -Collection 'e2e-replicated' -Store $Store
        $listed = Get-DrBackup -Store $Store
        $listed.Id | Should -Contain $Sharded.Id
        $listed[0].StartedAt | Should -BeGreaterOrEqual $listed[-1].StartedAt
        $latest = Get-DrBackup -Store $Store -Latest
        $latest.Count | Should -Be 2
        ($latest | Where-Object Collection -eq 'e2e-replicated').Id | Should -Be $again.Id
        (Get-DrBackup -Store $Store -Collection 'e2e-sha*').Id | Should -Be $Sharded.Id
        (Get-DrBackup -Store $Store -Id $Sharded.Id).Collection | Should -Be 'e2e-sharded'
    }

    It 'deletes the server-side snapshots after a good upload' {
        @(Get-LabSnapshotName -Collection 'e2e-sharded' | Where-Object { $_ -notin $SnapshotsBefore }) | Should -BeNullOrEmpty
    }

    It 'keeps the server-side snapshots with -KeepServerSnapshot' {
        $kept = New-QdrantBackup @LabParams -Collection 'e2e-replicated' -Store $Store -KeepServerSnapshot
        foreach ($part in $kept.Parts) {
            $node = [array]::IndexOf(@((Get-LabConfig).qdrant.nodes.rest | ForEach-Object { ([Uri]$_).AbsoluteUri }), $part.NodeUri)
            (Invoke-LabQdrant GET 'collections/e2e-replicated/snapshots' -Node $node).result.name | Should -Contain $part.SnapshotName
            Invoke-LabQdrant DELETE "collections/e2e-replicated/snapshots/$($part.SnapshotName)" -Node $node | Out-Null
        }
    }

    It 'emits objects that survive ConvertTo-Json' {
        $json = $Sharded | ConvertTo-Json -Depth 8 | ConvertFrom-Json
        $json.Id | Should -Be $Sharded.Id
        $json.Parts.Count | Should -Be 3
        $json.Parts[0].Sha256 | Should -Match '^[0-9a-f]{64}$'
        ($Sharded | Test-BackupIntegrity | ConvertTo-Json -Depth 8 -EnumsAsStrings | ConvertFrom-Json).Verdict | Should -Be 'Passed'
    }
}

Describe "Test-BackupIntegrity on a damaged backup [$StoreKind]" {
    BeforeEach {
        $script:Store = New-TestStore
        $script:Damaged = New-QdrantBackup @LabParams -Collection 'e2e-sharded' -Store $Store
        $script:PartKey = $Damaged.Parts[1].Key
    }

    It 'fails with BackupChecksumMismatch when one byte of a part is flipped' {
        Edit-TestStoreObject $Store $PartKey -FlipByte

        $report = $Damaged | Test-BackupIntegrity -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        $failures.FullyQualifiedErrorId -like 'BackupChecksumMismatch,*' | Should -Not -BeNullOrEmpty
        ($report.Checks | Where-Object Name -eq 'PartChecksum' | Where-Object { -not $_.Passed }).Target | Should -Be $Damaged.Parts[1].Key
        ($Damaged | Test-BackupIntegrity -Level Quick -ErrorAction SilentlyContinue).Verdict | Should -Be 'Passed' -Because 'Quick reads no bytes'
    }

    It 'fails the size check when a part is truncated' {
        Edit-TestStoreObject $Store $PartKey -Truncate 1024

        $report = $Damaged | Test-BackupIntegrity -Level Quick -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        $failures.FullyQualifiedErrorId -like 'BackupPartSizeMismatch,*' | Should -Not -BeNullOrEmpty
    }

    It 'fails with BackupPartMissing when a part is deleted' {
        Remove-TestStoreObject $Store $PartKey
        $report = Get-DrBackup -Store $Store | Test-BackupIntegrity -ErrorVariable failures -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        $failures.FullyQualifiedErrorId -like 'BackupPartMissing,*' | Should -Not -BeNullOrEmpty
        ($report.Checks | Where-Object { -not $_.Passed }).ErrorId | Should -Contain 'BackupPartMissing'
    }
}

Describe "Verification sample in the manifest [$StoreKind]" {
    It 'records sampled point digests and golden queries that match the live collection' {
        $store = New-TestStore
        $backup = New-QdrantBackup @LabParams -Collection 'e2e-sharded' -Store $store -SampleSize 40 -GoldenQueryCount 3
        $backup.Sample.Count | Should -Be 40
        $backup.Sample[0].PayloadSha256 | Should -Match '^[0-9a-f]{64}$'
        @($backup.Sample.Id | Sort-Object -Unique).Count | Should -Be 40
        $backup.GoldenQueries.Count | Should -Be 3
        $backup.GoldenQueries[0].Vector.Count | Should -Be 8
        $backup.GoldenQueries[0].ResultIds.Count | Should -Be 10
        $backup.GoldenQueries[0].ResultIds[0] | Should -Be $backup.Sample[0].Id -Because 'a point is its own nearest neighbour'

        $listed = Get-DrBackup -Store $store -Id $backup.Id
        $listed.Sample.Count | Should -Be 40 -Because 'the sample is part of the manifest'
        $listed.GoldenQueries[1].ResultIds | Should -Be $backup.GoldenQueries[1].ResultIds
    }

    It 'records no sample with -SampleSize 0' {
        $backup = New-QdrantBackup @LabParams -Collection 'e2e-replicated' -Store (New-TestStore) -SampleSize 0
        $backup.Sample | Should -BeNullOrEmpty
        $backup.GoldenQueries | Should -BeNullOrEmpty
    }
}

Describe "Back-to-back backups while server snapshots are kept [$StoreKind]" {
    It 'never waits on a same-second snapshot name, and never overwrites a kept snapshot' {
        New-LabCollection -Name 'e2e-twice' -ShardNumber 1 -ReplicationFactor 1 -PointCount 50 -Seed 111
        $store = New-TestStore
        # Identical data taken in the same second would get the same name and look unchanged: a hang
        # until -SnapshotTimeout before the fix.
        $first = New-QdrantBackup @LabParams -Collection 'e2e-twice' -Store $store -KeepServerSnapshot -SnapshotTimeout '00:00:20'
        $second = New-QdrantBackup @LabParams -Collection 'e2e-twice' -Store $store -KeepServerSnapshot -SnapshotTimeout '00:00:20'
        $second.Status | Should -Be 'Succeeded'
        foreach ($i in 0..2) { $second.Parts[$i].SnapshotName | Should -Not -Be $first.Parts[$i].SnapshotName }
        @(Get-LabSnapshotName -Collection 'e2e-twice' | Where-Object { $_ -like "*/e2e-twice-*" }).Count | Should -BeGreaterOrEqual 6
    }
}
