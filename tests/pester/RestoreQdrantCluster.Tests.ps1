# Restore-QdrantCluster against the lab (without Kubernetes volume resets, which come with the
# Kubernetes emulator): corrupt live data, restore, prove it. Runs once per store kind.
param([string] $StoreKind = 'Folder')

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Target = @{ QdrantUri = $LabParams.QdrantUri; GrpcUri = $LabParams.GrpcUri; ApiKey = $LabParams.ApiKey }

    function Invoke-Corruption([string] $Collection) {
        Invoke-LabQdrant POST "collections/$Collection/points/delete?wait=true" @{ points = @(1..150) } | Out-Null
        Invoke-LabQdrant PUT "collections/$Collection/points?wait=true" @{ points = @(
                @{ id = 400; vector = @(1, 1, 1, 1, 1, 1, 1, 1); payload = @{ overwritten = $true } }) } | Out-Null
    }
}

Describe "Restore-QdrantCluster [$StoreKind]" {
    BeforeAll {
        $script:Store = New-TestStore
        New-LabCollection -Name 'rs-sharded' -ShardNumber 3 -ReplicationFactor 2 -PointCount 2500 -Seed 91
        New-LabCollection -Name 'rs-replicated' -ShardNumber 2 -ReplicationFactor 3 -PointCount 2000 -Seed 92
        $script:Sharded = New-QdrantBackup @LabParams -Collection 'rs-sharded' -Store $Store
        $script:Replicated = New-QdrantBackup @LabParams -Collection 'rs-replicated' -Store $Store
    }
    AfterAll {
        Remove-TestStoresMade
        Remove-LabCollection 'rs-sharded', 'rs-replicated'
    }

    It 'brings back exact counts and equal samples after points were deleted and payloads overwritten' -ForEach @(
        @{ Name = 'rs-sharded'; Count = 2500 }, @{ Name = 'rs-replicated'; Count = 2000 }) {
        Invoke-Corruption $Name
        (Get-LabPointCount $Name) | Should -Not -Be $Count

        $result = Get-DrBackup -Store $Store -Collection $Name | Test-BackupIntegrity | Restore-QdrantCluster @Target -Confirm:$false
        $result.Verdict | Should -Be 'Succeeded'
        $result.Steps.Name | Should -Be @('Preflight', 'PreserveCurrentState', 'ResetVolumes', 'Restore', 'Converge', 'Verify')
        ($result.Steps | Where-Object Name -in 'PreserveCurrentState', 'ResetVolumes').Status | Should -Be @('Skipped', 'Skipped')
        $result.Steps | Where-Object Status -ne 'Skipped' | ForEach-Object { $_.Status | Should -Be 'Succeeded'; $_.CompletedAt | Should -BeGreaterOrEqual $_.StartedAt }
        $result.Comparison.Equivalent | Should -BeTrue
        (Get-LabPointCount $Name) | Should -Be $Count
        Get-DrBackup -Store $Store -Collection $Name | Compare-QdrantCollection @Target | Should -BeNullOrEmpty
        foreach ($node in 0..2) {
            $cluster = (Invoke-LabQdrant GET "collections/$Name/cluster" -Node $node).result
            @($cluster.local_shards + $cluster.remote_shards | Where-Object state -ne 'Active') | Should -BeNullOrEmpty
        }
    }

    It 'restores a replication_factor <Factor> collection from <Sent> part(s), each shard from one part, ending all Active and equal to the backup' -ForEach @(
        @{ Name = 'rs-sharded'; Factor = 2; Count = 2500; Shards = 3; Sent = 2; Filtered = 1 }, @{ Name = 'rs-replicated'; Factor = 3; Count = 2000; Shards = 2; Sent = 1; Filtered = 0 }) {
        # Issue 15 item 3: each shard is restored from one part, from as few parts as cover every shard (a node that
        # held every shard restores them all, whole); a shard another part restores is filtered out of a sent part.
        # The nodes' recoveries take turns (see QdrantRestoreEngine.PlanUploads for why), the next part streaming
        # during a node's turn.
        $backup = if ($Name -eq 'rs-sharded') { $Sharded } else { $Replicated }
        $backup.Config.ReplicationFactor | Should -Be $Factor
        Invoke-Corruption $Name

        $result = $backup | Restore-QdrantCluster @Target -Confirm:$false
        $result.Verdict | Should -Be 'Succeeded' -Because (($result.Steps | ForEach-Object { "$($_.Name) $($_.Status): $($_.Detail)" }) -join '; ')
        $restore = $result.Steps | Where-Object Name -eq 'Restore'
        $restore.Detail | Should -Match "^$Sent part\(s\), .*each shard restored from one part"
        if ($Sent -gt 1) {
            $restore.Detail | Should -Match 'the nodes recovering one at a time'
            $restore.Detail | Should -Match 'the next part streaming meanwhile'
        } else {
            $restore.Detail | Should -Match 'one node recovering every shard'
        }
        $restore.Detail | Should -Match "$(3 - $Sent) part\(s\) not needed, not sent"
        $restore.Detail | Should -Match "Qdrant verified the manifest checksum of $($Sent - $Filtered) whole part\(s\)"
        if ($Filtered -gt 0) { $restore.Detail | Should -Match "$Filtered filtered part\(s\) matched the manifest SHA-256" }
        else { $restore.Detail | Should -Not -Match 'filtered part' }
        # Every shard exactly once over all parts, and fewer bytes sent than the backup holds.
        @([regex]::Matches($restore.Detail, 'shard\(s\) ([0-9 ]+)') | ForEach-Object { $_.Groups[1].Value -split ' ' } | ForEach-Object { [int]$_ } | Sort-Object) |
            Should -Be @(0..($Shards - 1))
        $result.BytesUploaded | Should -BeLessThan (($backup.Parts | Measure-Object Size -Sum).Sum / $Factor * 1.2)
        $result.Comparison.Equivalent | Should -BeTrue
        (Get-LabPointCount $Name) | Should -Be $Count
        $backup | Compare-QdrantCollection @Target | Should -BeNullOrEmpty
        foreach ($node in 0..2) {
            $cluster = (Invoke-LabQdrant GET "collections/$Name/cluster" -Node $node).result
            @($cluster.local_shards + $cluster.remote_shards | Where-Object state -ne 'Active') | Should -BeNullOrEmpty
            # Every replica holds the shard's backed-up points, not only the one restored from a part.
            foreach ($local in $cluster.local_shards) {
                $expected = ($backup.Parts.Shards | Where-Object { $_.ShardId -eq $local.shard_id -and $_.HasData } | Select-Object -First 1).PointCount
                $local.points_count | Should -Be $expected -Because "node $node's replica of shard $($local.shard_id)"
            }
        }
    }

    It 'with -WhatIf describes the plan and changes nothing' {
        Invoke-Corruption 'rs-sharded'
        $before = Get-LabPointCount 'rs-sharded'
        $transcript = Join-Path $RepoRoot "out/test-stores/whatif-$([Guid]::NewGuid().ToString('N')).txt"
        Start-Transcript -Path $transcript | Out-Null
        try { $output = $Sharded | Restore-QdrantCluster @Target -WhatIf } finally { Stop-Transcript | Out-Null }
        $output | Should -BeNullOrEmpty
        (Get-Content $transcript -Raw) | Should -Match "What if:.*restore 'rs-sharded' from backup $($Sharded.Id).*$before live points will be replaced"
        Get-LabPointCount 'rs-sharded' | Should -Be $before
        ($Sharded | Compare-QdrantCollection @Target).Kind | Should -Contain 'MissingPoint'
    }

    It 'restores the latest backup that passes Full integrity when given -Store and -Collection' {
        $newer = New-QdrantBackup @LabParams -Collection 'rs-replicated' -Store $Store
        Edit-TestStoreObject $Store $newer.Parts[0].Key -FlipByte -At 1000
        Invoke-Corruption 'rs-replicated'

        $result = Restore-QdrantCluster @Target -Store $Store -Collection 'rs-replicated' -Confirm:$false -WarningVariable skipped -WarningAction SilentlyContinue
        $result.BackupId | Should -Not -Be $newer.Id -Because 'the newest backup was damaged'
        $skipped -join ' ' | Should -Match $newer.Id
        $result.Verdict | Should -Be 'Succeeded'
    }

    It 'refuses a target with a different node count with RestoreTargetIncompatible and changes nothing' {
        $two = $Target.Clone(); $two.QdrantUri = $Target.QdrantUri[0..1]
        $Sharded | Restore-QdrantCluster @two -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RestoreTargetIncompatible,*'
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'completes when run again after the restoring process was killed part-way' {
        Invoke-Corruption 'rs-sharded'
        $lab = Get-LabConfig
        $script = @"
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($lab.qdrant.apiKey)' -AsPlainText -Force
Get-DrBackup -Store $(Get-TestStoreExpression $Store) -Id $($Sharded.Id) | Restore-QdrantCluster -QdrantUri $((Get-LabQdrantUri) -join ',') -GrpcUri $(Get-LabGrpcUri) -ApiKey `$key -Confirm:`$false
"@
        $file = Join-Path $RepoRoot "out/test-stores/kill-restore-$([Guid]::NewGuid().ToString('N')).ps1"
        Set-Content $file $script
        # Qdrant keeps each uploaded snapshot under its file name until the restore deletes it after that node's
        # recovery; the file appearing on node 0 marks the first node's recovery. A watcher sees it however briefly it stays.
        $folders = (Get-LabConfig).qdrant.nodes | ForEach-Object { Join-Path $_.snapshotsPath 'rs-sharded' }
        $watcher = [IO.FileSystemWatcher]::new($folders[0], 'pubsec-dr-upload-*-node0.snapshot')
        $watcher.EnableRaisingEvents = $true
        $process = [Diagnostics.Process]::Start((New-FreshPwshStartInfo -File $file))
        try {
            # Kill once the first node has taken its part (its shards are being re-synced), before the others.
            $seen = $watcher.WaitForChanged([IO.WatcherChangeTypes]::Created -bor [IO.WatcherChangeTypes]::Renamed, 60000)
            $seen.TimedOut | Should -BeFalse -Because 'the restore must have reached the first node before it is killed'
            $process.Kill($true)
            $process.WaitForExit()
        } finally {
            if (-not $process.HasExited) { $process.Kill($true) }
            $watcher.Dispose()
        }

        $result = $Sharded | Restore-QdrantCluster @Target -Confirm:$false
        $result.Verdict | Should -Be 'Succeeded'
        Get-LabPointCount 'rs-sharded' | Should -Be 2500
        $Sharded | Compare-QdrantCollection @Target | Should -BeNullOrEmpty
        # What the killed run uploaded went with the next run, as did the next run's own uploads.
        Get-ChildItem $folders -Filter 'pubsec-dr-upload-*' -ErrorAction Ignore | Should -BeNullOrEmpty
    }

    Context 'through Kubernetes with -ResetVolumes' {
        BeforeAll {
            $script:Kube = @{ KubeConfig = (Get-LabConfig).kubernetes.kubeconfig; Namespace = 'pubsec-info-assistant'; StatefulSet = 'qdrant' }
            $script:Claims = 'qdrant-storage-qdrant-0', 'qdrant-storage-qdrant-1', 'qdrant-storage-qdrant-2'
            function Get-ClaimUids { foreach ($claim in $Claims) { (Invoke-LabKubernetes "api/v1/namespaces/pubsec-info-assistant/persistentvolumeclaims/$claim").metadata.uid } }
            function Get-Replicas { (Invoke-LabKubernetes 'apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant').spec.replicas }
            # A volume reset wipes every collection of the cluster, which is what these tests are about. Collections
            # other test files left would be lost by the first reset anyway; they go now, so the cluster holds exactly
            # the two collections of this file and "every collection is restored" means these two.
            foreach ($name in (Invoke-LabQdrant GET 'collections').result.collections.name) {
                if ($name -notin 'rs-sharded', 'rs-replicated') { Invoke-LabQdrant DELETE "collections/$name" | Out-Null }
            }
        }

        It 'with -WhatIf leaves StatefulSet replicas, PVCs and collection contents untouched, and names the collection the reset would delete' {
            Invoke-Corruption 'rs-sharded'
            $before = Get-LabPointCount 'rs-sharded'
            $uids = Get-ClaimUids
            $transcript = Join-Path $RepoRoot "out/test-stores/whatif-k8s-$([Guid]::NewGuid().ToString('N')).txt"
            Start-Transcript -Path $transcript | Out-Null
            try { $Sharded | Restore-QdrantCluster @Target @Kube -ResetVolumes -WhatIf } finally { Stop-Transcript | Out-Null }
            $whatIf = (Get-Content $transcript -Raw) -replace '\s+', ' '
            $whatIf | Should -Match 'scale pubsec-info-assistant/qdrant from 3 to 0, delete qdrant-storage-qdrant-0'
            $whatIf | Should -Match "also deletes 1 collection this run does not restore: 'rs-replicated' \(refused without -Force\)"
            Get-Replicas | Should -Be 3
            Get-ClaimUids | Should -Be $uids
            Get-LabPointCount 'rs-sharded' | Should -Be $before
        }

        It 'for one collection of two is refused with RestoreResetWouldDeleteCollections naming the other, and changes nothing' {
            Invoke-Corruption 'rs-sharded'
            $before = Get-LabPointCount 'rs-sharded'
            $uids = Get-ClaimUids

            # A failed precondition of the whole run: terminating, before any step.
            $failure = { $Sharded | Restore-QdrantCluster @Target @Kube -ResetVolumes -Confirm:$false } |
                Should -Throw -ErrorId 'RestoreResetWouldDeleteCollections,*' -PassThru
            $failure.FullyQualifiedErrorId | Should -BeLike 'RestoreResetWouldDeleteCollections,*'
            $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failure.Exception.Message | Should -Match "does not restore 1 collection: 'rs-replicated'\. Nothing was changed\."
            $failure.ErrorDetails.RecommendedAction | Should -Match '-Force'
            $failure.TargetObject | Should -Be @('rs-replicated')
            Get-Replicas | Should -Be 3
            Get-ClaimUids | Should -Be $uids
            Get-LabPointCount 'rs-sharded' | Should -Be $before
            Get-LabPointCount 'rs-replicated' | Should -Be 2000
        }

        It 'does not reset when the backup of the other collection fails its preflight, since that collection would be lost' {
            # Its own store: a damaged backup in the shared one would be listed (and tried) by every later test.
            $damagedStore = New-TestStore
            $damaged = New-QdrantBackup @LabParams -Collection 'rs-replicated' -Store $damagedStore
            Edit-TestStoreObject $damagedStore $damaged.Parts[0].Key -FlipByte -At 1000
            $counts = (Get-LabPointCount 'rs-sharded'), (Get-LabPointCount 'rs-replicated')
            $uids = Get-ClaimUids

            $results = $Sharded, $damaged | Restore-QdrantCluster @Target @Kube -ResetVolumes -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            $results.Collection | Should -Be @('rs-replicated', 'rs-sharded')
            $results.Verdict | Should -Be @('Failed', 'Failed')
            $failures.Count | Should -Be 2
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RestoreBackupNotUsable,*' -Because 'the damaged backup fails Full integrity'
            $failures[1].FullyQualifiedErrorId | Should -BeLike 'RestoreResetWouldDeleteCollections,*'
            $failures[1].Exception.Message | Should -Match "'rs-replicated'"
            ($results[1].Steps | Where-Object Name -eq 'ResetVolumes').Status | Should -Be 'Failed'
            Get-Replicas | Should -Be 3
            Get-ClaimUids | Should -Be $uids
            (Get-LabPointCount 'rs-sharded'), (Get-LabPointCount 'rs-replicated') | Should -Be $counts
        }

        It 'with -Force resets every volume, restores the collection exactly and leaves 3 ready replicas, every step timed' {
            Invoke-Corruption 'rs-sharded'
            Invoke-Corruption 'rs-replicated'
            $uids = Get-ClaimUids

            $first = $Sharded | Restore-QdrantCluster @Target @Kube -ResetVolumes -Force -PreserveCurrentState -Confirm:$false -WarningVariable forced
            $forced -join ' ' | Should -Match "-Force: the volume reset deletes 'rs-replicated'"
            $first.Steps.Name | Should -Be @('Preflight', 'PreserveCurrentState', 'ResetVolumes', 'Restore', 'Converge', 'Verify')
            $first.Steps | ForEach-Object { $_.Status | Should -Be 'Succeeded' -Because "$($_.Name): $($_.Detail)" }
            $forensic = Get-DrBackup -Store $Store -Id $first.ForensicBackupId
            $forensic.Tags | Should -Be @('forensic')
            $forensic.PointCount | Should -Be 2350 -Because 'it holds the damaged state: 150 points deleted'
            (Get-DrBackup -Store $Store -Collection 'rs-sharded' -Latest).Id | Should -Be $Sharded.Id -Because '-Latest never offers a forensic backup'
            $first.Verdict | Should -Be 'Succeeded'
            Get-ClaimUids | ForEach-Object { $_ | Should -Not -BeIn $uids -Because 'each claim was deleted and made anew' }

            # -Force said so: the reset wiped every collection. The second one comes back without another reset.
            (Invoke-LabQdrant GET 'collections/rs-replicated/exists').result.exists | Should -BeFalse
            $second = Restore-QdrantCluster @Target -Store $Store -Collection 'rs-replicated' -Confirm:$false -WarningAction SilentlyContinue
            $second.Verdict | Should -Be 'Succeeded'
            Get-LabPointCount 'rs-sharded' | Should -Be 2500
            Get-LabPointCount 'rs-replicated' | Should -Be 2000
            $set = Invoke-LabKubernetes 'apis/apps/v1/namespaces/pubsec-info-assistant/statefulsets/qdrant'
            $set.status.readyReplicas | Should -Be 3
            foreach ($node in 0..2) {
                $cluster = (Invoke-LabQdrant GET 'collections/rs-sharded/cluster' -Node $node).result
                @($cluster.local_shards + $cluster.remote_shards | Where-Object state -ne 'Active') | Should -BeNullOrEmpty
            }
        }

        It 'restores every collection of the cluster through one pipeline without -Force, with one reset for all' {
            Invoke-Corruption 'rs-sharded'
            Invoke-Corruption 'rs-replicated'
            $uids = Get-ClaimUids

            $results = $Sharded, $Replicated | Restore-QdrantCluster @Target @Kube -ResetVolumes -Confirm:$false
            $results.Collection | Should -Be @('rs-sharded', 'rs-replicated')
            $results | ForEach-Object { $_.Verdict | Should -Be 'Succeeded' -Because (($_.Steps | ForEach-Object { "$($_.Name) $($_.Status): $($_.Detail)" }) -join '; ') }
            $resets = $results | ForEach-Object { $_.Steps | Where-Object Name -eq 'ResetVolumes' }
            $resets.Status | Should -Be @('Succeeded', 'Succeeded')
            $resets[1].StartedAt | Should -Be $resets[0].StartedAt -Because 'one reset serves the whole run; a second would wipe the first restore'
            Get-ClaimUids | ForEach-Object { $_ | Should -Not -BeIn $uids }
            Get-LabPointCount 'rs-sharded' | Should -Be 2500
            Get-LabPointCount 'rs-replicated' | Should -Be 2000
            $Sharded | Compare-QdrantCollection @Target | Should -BeNullOrEmpty
            $Replicated | Compare-QdrantCollection @Target | Should -BeNullOrEmpty
        }
    }
}
