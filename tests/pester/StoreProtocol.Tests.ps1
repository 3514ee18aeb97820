# Writers and deleters of one store at the same time (Copy-DrBackup and Invoke-DrRetention), and what Get-DrBackup
# says instead of an empty listing. Runs once per store kind: the write/delete protocol relies on each store's consistency.
param([string] $StoreKind = 'Folder')

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    function Get-LeaseKey($Store) { @(Get-TestStoreKey $Store | Where-Object { $_ -match "$LeaseKeyPattern`$" }) }
}

Describe "Copy-DrBackup and Invoke-DrRetention on one destination at the same time [$StoreKind]" {
    BeforeAll {
        # Parts big enough that re-verifying them at the destination takes a while, so retention runs in the middle
        # (a folder reads from the page cache at GB/s; S3 and Azure are far slower).
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = $(if ($StoreKind -eq 'Folder') { 250MB } else { 100MB }) } | Out-Null
        try {
            New-LabCollection -Name 'sp-docs' -ShardNumber 3 -ReplicationFactor 1 -PointCount 300 -Seed 61
            $script:Source = New-TestStore -Kind Folder
            $script:Older = New-QdrantBackup @LabParams -Collection 'sp-docs' -Store $Source
            $script:Newer = New-QdrantBackup @LabParams -Collection 'sp-docs' -Store $Source
        } finally {
            Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } | Out-Null
        }
        # As of 60 days from now both are past 30 days: retention keeps the newer (the newest good one) and deletes the older.
        $script:Policy = New-DrRetentionPolicy -Kind Qdrant -MaxAge 30.00:00:00
        $script:AsOf = [DateTime]::UtcNow.AddDays(60)
        $script:Destinations = [Collections.Generic.List[object]]::new()
    }
    AfterAll {
        # Hundreds of MB per store: every store this block wrote goes, whatever its kind, and so does its collection.
        @($Source) + @($Destinations) | ForEach-Object { Remove-TestStore $_ }
        Remove-LabCollection 'sp-docs'
    }

    It 'never leaves a listed copy that fails Quick: retention keeps what a copy is writing, or the copy stops and says why' {
        $destination = New-TestStore
        $Destinations.Add($destination)
        $Older, $Newer | Copy-DrBackup -Destination $destination -Confirm:$false | Out-Null
        # The older backup is copied again (every part is there already and is re-verified) while retention deletes it.
        $job = Start-ThreadJob -ScriptBlock {
            Import-Module $using:ModuleManifest
            $copy = $using:Older | Copy-DrBackup -Destination $using:destination -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
            [pscustomobject]@{ Ended = [DateTime]::UtcNow; Copy = $copy; Errors = @($failed | ForEach-Object FullyQualifiedErrorId) }
        }
        try {
            # The copy reports progress once it is re-verifying parts: from then on it holds the backup's folder.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not ($job.Progress | Where-Object Activity -like 'Copying backup*') -and $job.State -in 'NotStarted', 'Running' -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 20
            }
            $retentionStarted = [DateTime]::UtcNow
            $decisions = Invoke-DrRetention -Store $destination -Policy $Policy -AsOf $AsOf -Confirm:$false -ErrorVariable retentionErrors
        } finally {
            $result = $job | Receive-Job -Wait -AutoRemoveJob
        }

        $retentionErrors | Should -BeNullOrEmpty
        $result.Ended | Should -BeGreaterThan $retentionStarted -Because 'the test proves something only when the two overlap'
        $listed = @(Get-DrBackup -Store $destination)
        $listed.Id | Should -Contain $Newer.Id
        foreach ($backup in $listed) {
            ($backup | Test-BackupIntegrity -Level Quick -ErrorAction SilentlyContinue).Verdict | Should -Be 'Passed' -Because "$($backup.Id) is listed"
        }
        $decision = $decisions | Where-Object BackupId -eq $Older.Id
        $keptInUse = $decision.Action -eq 'Keep' -and $decision.Reasons[0] -like 'in use:*'
        $copyStopped = $result.Errors -like 'BackupDeletionInProgress,*'
        ($keptInUse -or $copyStopped) | Should -BeTrue -Because "retention kept it ($($decision.Action): $($decision.Reasons)) or the copy stopped ($($result.Errors))"
        Get-LeaseKey $destination | Should -BeNullOrEmpty -Because 'every lease and deletion marker is removed by its holder'
    }

    It 'keeps the backup a live lease of a copy on another host holds, and reports it kept, not failed' {
        $destination = New-TestStore
        $Destinations.Add($destination)
        $Older, $Newer | Copy-DrBackup -Destination $destination -Confirm:$false | Out-Null
        $folder = $Older.ManifestKey.Substring(0, $Older.ManifestKey.LastIndexOf('/') + 1)
        $now = [DateTime]::UtcNow
        $lease = [ordered]@{
            schemaVersion = 1; kind = 'Writer'; operation = 'copy'; source = 'sp-docs'; backupId = $Older.Id; host = 'dr-runner-2'; processId = 4242
            token = [Guid]::NewGuid().ToString('N'); startedAt = $now.ToString('o'); renewedAt = $now.ToString('o'); expiresAt = $now.AddMinutes(5).ToString('o')
            durationSeconds = 300; serverSnapshots = @()
        }
        Write-TestStoreObject $destination "${folder}lease-$($lease.token).json" ([Text.Encoding]::UTF8.GetBytes(($lease | ConvertTo-Json)))

        $decision = Invoke-DrRetention -Store $destination -Policy $Policy -AsOf $AsOf -Confirm:$false -ErrorVariable failures |
            Where-Object BackupId -eq $Older.Id

        $failures | Should -BeNullOrEmpty
        $decision.Action | Should -Be 'Keep'
        $decision.Deleted | Should -BeFalse
        $decision.Reasons[0] | Should -BeLike 'in use:*dr-runner-2*'
        (Get-DrBackup -Store $destination).Id | Should -Contain $Older.Id
    }
}

Describe "Get-DrBackup never answers with silence [$StoreKind]" {
    BeforeAll {
        New-LabCollection -Name 'sp-small' -ShardNumber 1 -ReplicationFactor 1 -PointCount 50 -Seed 62
        $script:Store = New-TestStore
        $script:Backup = New-QdrantBackup @LabParams -Collection 'sp-small' -Store $Store
    }
    AfterAll {
        Remove-TestStore $Store
        Remove-LabCollection 'sp-small'
    }

    It 'reports a -Collection that matches no backup as BackupCollectionNotFound, naming the collections the store holds' {
        $listed = Get-DrBackup -Store $Store -Collection 'sp-smal' -ErrorVariable failures -ErrorAction SilentlyContinue

        $listed | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'BackupCollectionNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].Exception.Message | Should -BeLike "*'sp-smal'*sp-small (Qdrant, 1)*"
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-DrBackup -Store $Store -Collection 'sp-small', 'SP-SMALL*' -ErrorVariable none | Should -Not -BeNullOrEmpty
        $none | Should -BeNullOrEmpty
    }

    It 'reports an -Id that matches no backup as BackupIdNotFound, naming the nearest ids' {
        $typo = $Backup.Id.Substring(0, $Backup.Id.Length - 1) + $(if ($Backup.Id.EndsWith('0')) { '1' } else { '0' })

        $listed = Get-DrBackup -Store $Store -Id $typo -ErrorVariable failures -ErrorAction SilentlyContinue

        $listed | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'BackupIdNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].Exception.Message | Should -BeLike "*'$typo'*$($Backup.Id)*"
        (Get-DrBackup -Store $Store -Id $Backup.Id -ErrorVariable none).Id | Should -Be $Backup.Id
        $none | Should -BeNullOrEmpty
    }

    It 'warns about parts a killed run left, naming the folder, and lists only whole backups' {
        $folder = "qdrant/sp-small/20260101T000000Z-dead01/"
        $now = [DateTime]::UtcNow
        # The store dates this object now; a duration of 0 stands for a lease last renewed long ago.
        $lease = [ordered]@{
            schemaVersion = 1; kind = 'Writer'; operation = 'backup'; source = 'sp-small'; backupId = '20260101T000000Z-dead01'; host = 'dr-runner-9'
            processId = 4242; token = [Guid]::NewGuid().ToString('N'); startedAt = $now.AddHours(-1).ToString('o'); renewedAt = $now.AddMinutes(-50).ToString('o')
            expiresAt = $now.AddMinutes(-45).ToString('o'); durationSeconds = 0; serverSnapshots = @()
        }
        Write-TestStoreObject $Store "${folder}lease-$($lease.token).json" ([Text.Encoding]::UTF8.GetBytes(($lease | ConvertTo-Json)))
        Write-TestStoreObject $Store "${folder}node0-1.snapshot" ([byte[]](1..100))
        try {
            $listed = Get-DrBackup -Store $Store -WarningVariable warnings -WarningAction SilentlyContinue

            $listed.Id | Should -Be $Backup.Id
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -BeLike "*$folder*parts without a manifest: an interrupted or damaged backup; it is not listed*dr-runner-9*"
        } finally {
            Get-TestStoreKey $Store $folder | ForEach-Object { Remove-TestStoreObject $Store $_ }
        }
    }

    It 'warns about a backup whose manifest was deleted, once nothing has been written to it for an hour' -Skip:($StoreKind -ne 'Folder') {
        # Only a folder store lets a test age an object; the age rule is the same for every store kind.
        $victim = New-QdrantBackup @LabParams -Collection 'sp-small' -Store $Store
        $folder = $victim.ManifestKey.Substring(0, $victim.ManifestKey.LastIndexOf('/') + 1)
        Remove-TestStoreObject $Store $victim.ManifestKey

        Get-DrBackup -Store $Store -WarningVariable early -WarningAction SilentlyContinue | Out-Null
        Get-ChildItem (Join-Path $Store $folder) -File | ForEach-Object { $_.LastWriteTimeUtc = [DateTime]::UtcNow.AddHours(-2) }
        $listed = Get-DrBackup -Store $Store -WarningVariable late -WarningAction SilentlyContinue

        $early | Should -BeNullOrEmpty -Because 'a folder written to a minute ago may be a write of an older module version, still in flight'
        $listed.Id | Should -Not -Contain $victim.Id
        $late.Count | Should -Be 1
        $late[0].Message | Should -BeLike "*$folder*parts without a manifest: an interrupted or damaged backup; it is not listed*"
    }
}
