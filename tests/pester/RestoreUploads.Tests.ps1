# What restores leave on the Qdrant nodes (issue 9, item 6). Qdrant keeps every uploaded snapshot in
# <snapshots_path>/<collection>/ under its uploaded name (reference §2.2, §2.6), and the folder of a dropped
# collection stays on disk where the API cannot reach it (§5.3). So the nodes' snapshot folders are read on
# disk (lab.json qdrant.nodes[].snapshotsPath) as well as through the API. Folder store only: what is measured
# here is the nodes' disks, which do not depend on the kind of store.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Target = @{ QdrantUri = $LabParams.QdrantUri; GrpcUri = $LabParams.GrpcUri; ApiKey = $LabParams.ApiKey }
    $script:Scratch = @{ ScratchQdrantUri = $LabParams.QdrantUri; ScratchGrpcUri = $LabParams.GrpcUri; ScratchApiKey = $LabParams.ApiKey }
    $script:Store = New-TestStore -Kind Folder

    # The operator snapshots the first test makes, as 'node/relative path': the files whose bytes a restore could
    # overwrite, so only they are hashed. Every other file is compared by name and size (hashing the nodes'
    # whole snapshot folders would read gigabytes other test files left there).
    $script:HashedFiles = [Collections.Generic.HashSet[string]]::new()

    function Get-NodeSnapshotFile {
        # Every file under every node's snapshots folder (upload spool included), as 'node/relative path' = size or SHA-256.
        $files = [ordered]@{}
        $nodes = (Get-LabConfig).qdrant.nodes
        foreach ($node in $nodes) {
            $root = (Resolve-Path $node.snapshotsPath).Path
            foreach ($file in Get-ChildItem $root -Recurse -File -ErrorAction Ignore | Sort-Object FullName) {
                $key = "$($node.index)/$([IO.Path]::GetRelativePath($root, $file.FullName))"
                $files[$key] = if ($HashedFiles.Contains($key)) { 'sha256 ' + (Get-FileHash $file.FullName -Algorithm SHA256).Hash } else { "size $($file.Length)" }
            }
        }
        $files
    }

    function Get-ListedSnapshot([string] $Collection) {
        # What the API lists for the collection on each node, as 'node/name'.
        @(Get-LabSnapshotName -Collection $Collection | Sort-Object)
    }

    function Assert-SameFiles($Before, $After) {
        # Compare-Object names every file that appeared, vanished or changed, so a failure says where.
        $left = @($Before.GetEnumerator() | ForEach-Object { "$($_.Key) $($_.Value)" })
        $right = @($After.GetEnumerator() | ForEach-Object { "$($_.Key) $($_.Value)" })
        @(Compare-Object $left $right | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" }) | Should -BeNullOrEmpty
    }

    # Small on purpose (every shard on its own node, so the three uploads go in parallel): 40 runs stay quick.
    New-LabCollection -Name 'ru-small' -ShardNumber 3 -ReplicationFactor 1 -PointCount 60 -Seed 121
    $script:Small = New-QdrantBackup @LabParams -Collection 'ru-small' -Store $Store
}

AfterAll {
    # The snapshots this file made go first: a deleted collection's snapshot folder stays (reference §5.3).
    foreach ($name in 'ru-small', 'ru-replicated') {
        foreach ($node in 0..2) {
            try { $snapshots = (Invoke-LabQdrant GET "collections/$name/snapshots" -Node $node).result } catch { continue }
            foreach ($snapshot in $snapshots) { Invoke-LabQdrant DELETE "collections/$name/snapshots/$($snapshot.name)" -Node $node | Out-Null }
        }
        Invoke-LabQdrant DELETE "collections/$name" | Out-Null
    }
}

Describe 'Snapshots uploaded by restores' {
    It 'after 20 restores and 20 restore-level checks, no uploaded snapshot is left on any node and the operator''s snapshots are untouched' {
        # The operator's own snapshots, one per node, taken after a change so their bytes differ from the backup's parts.
        Add-LabPoints -Name 'ru-small' -Start 1000 -Count 1 -Seed 122
        $operator = foreach ($node in 0..2) { (Invoke-LabQdrant POST 'collections/ru-small/snapshots' -Node $node).result }
        # One of them carries the very name of the part the backup holds for node 0 (a snapshot taken in the same second
        # on that node has it, reference §2.1): a restore must neither overwrite it nor delete it.
        $folder0 = Join-Path (Get-LabConfig).qdrant.nodes[0].snapshotsPath 'ru-small'
        $partName = Split-Path $Small.Parts[0].SnapshotName -Leaf
        if ($operator[0].name -ne $partName) {
            Copy-Item (Join-Path $folder0 $operator[0].name) (Join-Path $folder0 $partName)
            Set-Content -Path (Join-Path $folder0 "$partName.checksum") -Value $operator[0].checksum -NoNewline
        }
        (Get-FileHash (Join-Path $folder0 $partName) -Algorithm SHA256).Hash | Should -Not -Be $Small.Parts[0].Sha256 -Because 'otherwise an overwrite could not be seen'
        foreach ($node in 0..2) { $null = $HashedFiles.Add("$node/ru-small/$($operator[$node].name)") }
        $null = $HashedFiles.Add("0/ru-small/$partName")
        $files = Get-NodeSnapshotFile
        @($files.Values -like 'sha256 *').Count | Should -Be $HashedFiles.Count -Because 'the operator snapshots are the files hashed'

        $listed = Get-ListedSnapshot 'ru-small'
        $listed | Should -Contain "0/$partName"

        foreach ($run in 1..20) {
            $result = $Small | Restore-QdrantCluster @Target -Confirm:$false
            $result.Verdict | Should -Be 'Succeeded' -Because "restore $run"
            $report = $Small | Test-BackupIntegrity -Level Restore @Scratch
            $report.Verdict | Should -Be 'Passed' -Because "restore-level check $run"
        }

        Get-LabPointCount 'ru-small' | Should -Be 60
        Get-ScratchCollections | Should -BeNullOrEmpty
        Get-ListedSnapshot 'ru-small' | Should -Be $listed
        Assert-SameFiles $files (Get-NodeSnapshotFile)
    }

    It 'a restore-level check that fails verification leaves nothing on the nodes either' {
        # Part 1 swapped for node 1's part of a backup of another collection, manifest updated: Full passes, Verify fails.
        New-LabCollection -Name 'ru-replicated' -ShardNumber 3 -ReplicationFactor 1 -PointCount 50 -Seed 123
        $other = New-QdrantBackup @LabParams -Collection 'ru-replicated' -Store $Store
        $swapStore = New-TestStore -Kind Folder
        $Small | Copy-DrBackup -Destination $swapStore | Out-Null
        Set-TestPart $swapStore $Small 1 $Store $other.Parts[1]
        $files = Get-NodeSnapshotFile

        $report = Get-DrBackup -Store $swapStore -Id $Small.Id | Test-BackupIntegrity -Level Restore @Scratch -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        ($report.Checks | Where-Object Name -eq 'ScratchRestore').ErrorId | Should -Be 'RestoreVerificationFailed'

        Get-ScratchCollections | Should -BeNullOrEmpty
        Assert-SameFiles $files (Get-NodeSnapshotFile)
    }

    It 'a restore-level check stopped with Ctrl+C after the first node took its part leaves nothing on the nodes' {
        # One shard on all three nodes: only node 0's part is sent (each shard comes from one part), and after it the
        # shard's other replicas are re-synced (transfers listed for a second), a window in which the check is
        # certainly not done yet.
        New-LabCollection -Name 'ru-replicated' -ShardNumber 1 -ReplicationFactor 3 -PointCount 40 -Seed 124
        $backup = New-QdrantBackup @LabParams -Collection 'ru-replicated' -Store $Store
        $files = Get-NodeSnapshotFile
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($Manifest, $Backup, $Scratch)
                Import-Module $Manifest
                $Backup | Test-BackupIntegrity -Level Restore @Scratch -WarningAction Continue
            }).AddArgument($ModuleManifest).AddArgument($backup).AddArgument($Scratch)
        # The check uploads node 0's part first, under the module's name, into the scratch collection's snapshot folder,
        # and deletes it once node 0 recovered, before the next node: that deletion marks the moment between two nodes.
        # (The folder is made by the upload itself, too late to watch the file appear; a watcher sees it go.)
        $watcher = [IO.FileSystemWatcher]::new((Get-LabConfig).qdrant.nodes[0].snapshotsPath, 'pubsec-dr-upload-*-node0.snapshot')
        $watcher.IncludeSubdirectories = $true
        $watcher.EnableRaisingEvents = $true
        $handle = $shell.BeginInvoke()
        try {
            $seen = $watcher.WaitForChanged([IO.WatcherChangeTypes]::Deleted, 60000)
            $seen.TimedOut | Should -BeFalse -Because 'the check must be stopped after node 0 recovered'
            $seen.Name | Should -BeLike 'pubsec-dr-scratch-*' -Because 'the upload was for the scratch collection'
            $handle.IsCompleted | Should -BeFalse -Because 'the check must be stopped before the other nodes recovered'
            $shell.Stop()
        } finally {
            $watcher.Dispose()
            $shell.Dispose()
        }

        Get-ScratchCollections | Should -BeNullOrEmpty
        Assert-SameFiles $files (Get-NodeSnapshotFile)
    }

    It 'a restore removes what an earlier, killed restore uploaded, and nothing else' {
        # A killed process cannot clean up: its upload stays under the module's name until the next restore of the collection.
        $folder1 = Join-Path (Get-LabConfig).qdrant.nodes[1].snapshotsPath 'ru-small'
        $operator = (Invoke-LabQdrant POST 'collections/ru-small/snapshots' -Node 1).result
        $leftover = "pubsec-dr-upload-$([Guid]::NewGuid().ToString('N'))-node1.snapshot"
        Copy-Item (Join-Path $folder1 $operator.name) (Join-Path $folder1 $leftover)
        Get-ListedSnapshot 'ru-small' | Should -Contain "1/$leftover"

        $result = $Small | Restore-QdrantCluster @Target -Confirm:$false
        $result.Verdict | Should -Be 'Succeeded'

        Test-Path (Join-Path $folder1 $leftover) | Should -BeFalse
        Get-ListedSnapshot 'ru-small' | Should -Not -Contain "1/$leftover"
        Get-ListedSnapshot 'ru-small' | Should -Contain "1/$($operator.name)"
        (Get-FileHash (Join-Path $folder1 $operator.name) -Algorithm SHA256).Hash | Should -Be $operator.checksum.ToUpperInvariant()
    }
}
