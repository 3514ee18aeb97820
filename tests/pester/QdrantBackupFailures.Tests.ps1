# What happens when things go wrong: interruption, Ctrl+C, a node without its data, -WhatIf, bad keys.
# Interruptions run once per store kind; the rest does not depend on the store and runs on a folder.
param([string] $StoreKind = 'Folder')

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters

    function Wait-TransferStarted($Store, [int] $TimeoutSeconds = 60) {
        # Folder: a partial file; S3: a multipart upload (seen with awscli); Azure: a blob with staged blocks.
        # A part's upload, not the run's lease (written first, and renewed every minute).
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while ([DateTime]::UtcNow -lt $deadline) {
            if (Get-TestStorePendingUpload $Store | Where-Object { $_ -notmatch $LeaseKeyPattern }) { return $true }
            Start-Sleep -Milliseconds 50
        }
        $false
    }

    function Start-BackupInRunspace($Store) {
        # One command in a runspace that already has the module: a multi-statement batch goes on with its
        # next statement on a pool thread after Stop(), which can crash the host once the runspace closes.
        $session = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $session.ImportPSModule($ModuleManifest)
        $runspace = [Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace($session)
        $runspace.Open()
        $ps = [PowerShell]::Create($runspace)
        $null = $ps.AddCommand('New-QdrantBackup').AddParameters($LabParams).AddParameter('Collection', 'e2e-big').AddParameter('Store', $Store)
        [pscustomobject]@{ PowerShell = $ps; Runspace = $runspace; Async = $ps.BeginInvoke() }
    }

    function Stop-BackupInRunspace($Run) {
        $Run.PowerShell.Dispose()
        $Run.Runspace.Dispose()
    }
}

Describe "An interrupted backup [$StoreKind]" {
    BeforeAll {
        # A big WAL makes the transfer last long enough to interrupt it mid-stream.
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 400MB } | Out-Null
        New-LabCollection -Name 'e2e-big' -ShardNumber 1 -ReplicationFactor 1 -PointCount 200 -Seed 21
    }
    AfterAll {
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } | Out-Null
        Remove-LabCollection 'e2e-big'
    }

    It 'is never listed when killed before its manifest; the next run clears its upload and its server snapshots, and no operator snapshot' {
        $store = New-TestStore
        $before = @(Get-LabSnapshotName -Collection 'e2e-big')
        # An operator's own snapshot, made by hand: no backup may ever delete it.
        $operators = "1/$((Invoke-LabQdrant POST 'collections/e2e-big/snapshots?wait=true' -Node 1).result.name)"
        try {
            $lab = Get-LabConfig
            $script = @"
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($lab.qdrant.apiKey)' -AsPlainText -Force
New-QdrantBackup -QdrantUri $((Get-LabQdrantUri) -join ',') -GrpcUri $(Get-LabGrpcUri) -ApiKey `$key -Collection e2e-big -Store $(Get-TestStoreExpression $store) -Confirm:`$false
"@
            $file = Join-Path $RepoRoot "out/test-stores/kill-$([Guid]::NewGuid().ToString('N')).ps1"
            Set-Content $file $script
            $process = [Diagnostics.Process]::Start((New-FreshPwshStartInfo -File $file))
            try {
                Wait-TransferStarted $store | Should -BeTrue -Because 'the transfer must have started'
                $process.Kill($true)
                $process.WaitForExit()
            } finally { if (-not $process.HasExited) { $process.Kill($true) } }

            Get-DrBackup -Store $store | Should -BeNullOrEmpty
            Get-TestStoreKey $store | Where-Object { $_ -like '*manifest.json' } | Should -BeNullOrEmpty
            Get-TestStorePendingUpload $store | Should -Not -BeNullOrEmpty -Because 'a killed process cannot abort its upload'
            $killedRuns = @(Get-LabSnapshotName -Collection 'e2e-big' | Where-Object { $_ -notin $before -and $_ -ne $operators })
            $killedRuns.Count | Should -Be 3 -Because 'the killed run made a snapshot on every node and could not delete them'
            Wait-TestStoreSettled $store

            # Right away, not after the lease expired: the killed process is provably gone (same host, its pid no longer runs).
            $next = New-QdrantBackup @LabParams -Collection 'e2e-big' -Store $store
            $next.Status | Should -Be 'Succeeded'
            Get-TestStorePendingUpload $store | Should -BeNullOrEmpty -Because 'the next run removes what the killed one left'
            (Get-DrBackup -Store $store).Id | Should -Be $next.Id
            @(Get-LabSnapshotName -Collection 'e2e-big' | Where-Object { $_ -notin $before }) | Should -Be @($operators) -Because "the killed run's snapshots are gone, the operator's stays"
            @(Get-TestStoreKey $store | Where-Object { $_ -notlike "*/$($next.Id)/*" }) | Should -BeNullOrEmpty -Because "the killed run's folder and lease are gone"
        } finally {
            Invoke-LabQdrant DELETE "collections/e2e-big/snapshots/$($operators.Substring(2))" -Node 1 | Out-Null
            Remove-TestStore $store
        }
    }

    It 'refuses a second backup of the collection into the same store while one runs (BackupAlreadyRunning), and the first one succeeds' {
        $store = New-TestStore
        $before = @(Get-LabSnapshotName -Collection 'e2e-big')
        $run = Start-BackupInRunspace $store
        try {
            Wait-TransferStarted $store | Should -BeTrue

            $second = New-QdrantBackup @LabParams -Collection 'e2e-big' -Store $store -ErrorVariable failures -ErrorAction SilentlyContinue

            $second | Should -BeNullOrEmpty
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'BackupAlreadyRunning,*'
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
            $first = $run.PowerShell.EndInvoke($run.Async)
            $first.Status | Should -Be 'Succeeded'

            (Get-DrBackup -Store $store).Id | Should -Be $first.Id
            @(Get-LabSnapshotName -Collection 'e2e-big' | Where-Object { $_ -notin $before }) | Should -BeNullOrEmpty
        } finally {
            Stop-BackupInRunspace $run
            # A 400 MB backup per store kind: not left in the lab.
            Remove-TestStore $store
        }
    }

    It 'stops cleanly on Ctrl+C: nothing listed, no partial file left, server snapshots removed' {
        $store = New-TestStore
        $before = @(Get-LabSnapshotName -Collection 'e2e-big')
        $run = Start-BackupInRunspace $store
        try {
            Wait-TransferStarted $store | Should -BeTrue
            $run.PowerShell.Stop()
            $output = try { $run.PowerShell.EndInvoke($run.Async) } catch [Management.Automation.PipelineStoppedException] { $null }
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
            $output | Should -BeNullOrEmpty
        } finally {
            Stop-BackupInRunspace $run
        }

        Get-DrBackup -Store $store | Should -BeNullOrEmpty
        Get-TestStoreKey $store | Should -BeNullOrEmpty -Because 'the unfinished upload is aborted'
        Get-TestStorePendingUpload $store | Should -BeNullOrEmpty
        @(Get-LabSnapshotName -Collection 'e2e-big' | Where-Object { $_ -notin $before }) | Should -BeNullOrEmpty
    }
}

# What follows does not depend on the store kind: it runs once, on a folder store.
if ($StoreKind -ne 'Folder') { return }

# The collections made below, removed so that later tests (a failover backs up what the regions hold) never meet them.
AfterAll { Remove-LabCollection 'e2e-lost', 'e2e-whatif', 'e2e-secret' }

Describe 'A node that lost its shards' {
    It 'makes the backup report the missing shard instead of Succeeded' {
        New-LabCollection -Name 'e2e-lost' -ShardNumber 3 -ReplicationFactor 1 -PointCount 900 -Seed 31
        Remove-LabShardData -Collection 'e2e-lost' -Node 1
        $store = New-TestStore

        $backup = New-QdrantBackup @LabParams -Collection 'e2e-lost' -Store $store -ErrorVariable failures -ErrorAction SilentlyContinue
        $backup.Status | Should -Be 'Incomplete'
        $backup.MissingShards | Should -Be @(1)
        $backup.Problems -join ' ' | Should -Match 'Shard 1'
        $failures.FullyQualifiedErrorId | Should -BeLike 'QdrantBackupIncomplete,*'
        ($backup | Test-BackupIntegrity -ErrorAction SilentlyContinue).Verdict | Should -Be 'Failed'
        Get-DrBackup -Store $store -Latest | Should -BeNullOrEmpty -Because '-Latest only offers restorable backups'
    }
}

Describe 'New-QdrantBackup -WhatIf' {
    It 'says what it would snapshot and creates nothing' {
        New-LabCollection -Name 'e2e-whatif' -ShardNumber 2 -ReplicationFactor 1 -PointCount 100 -Seed 41
        $store = New-TestStore
        $before = @(Get-LabSnapshotName -Collection 'e2e-whatif')
        # What-if lines go to the host, not to a stream, so a transcript is what captures them.
        $transcript = Join-Path $store '..' "whatif-$([Guid]::NewGuid().ToString('N')).txt"
        Start-Transcript -Path $transcript | Out-Null
        try { $output = New-QdrantBackup @LabParams -Collection 'e2e-whatif' -Store $store -WhatIf } finally { Stop-Transcript | Out-Null }
        (Get-Content $transcript -Raw) | Should -Match "What if:.*snapshot collection 'e2e-whatif'"
        $output | Should -BeNullOrEmpty
        Get-ChildItem $store -Recurse -File | Should -BeNullOrEmpty
        @(Get-LabSnapshotName -Collection 'e2e-whatif' | Where-Object { $_ -notin $before }) | Should -BeNullOrEmpty
    }
}

Describe 'Secrets and errors' {
    BeforeAll { New-LabCollection -Name 'e2e-secret' -ShardNumber 1 -ReplicationFactor 1 -PointCount 50 -Seed 51 }

    It 'never prints the API key in output, verbose, warnings or errors' {
        $key = (Get-LabConfig).qdrant.apiKey
        $store = New-TestStore
        $everything = New-QdrantBackup @LabParams -Collection 'e2e-secret', 'no-such-collection' -Store $store -Verbose -ErrorAction Continue *>&1
        $text = ($everything | ForEach-Object { $_ | Out-String; if ($_ -is [Management.Automation.ErrorRecord]) { $_.Exception.ToString() } }) -join "`n"
        $text | Should -Not -BeLike "*$key*"
        (Get-ChildItem $store -Recurse -Filter manifest.json | Get-Content -Raw) | Should -Not -BeLike "*$key*"
    }

    It 'reports a wrong API key as QdrantAuthenticationFailed with what to do' {
        $bad = $LabParams.Clone(); $bad.ApiKey = ConvertTo-SecureString 'wrong-key' -AsPlainText -Force
        New-QdrantBackup @bad -Collection 'e2e-secret' -Store (New-TestStore) -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'QdrantAuthenticationFailed,*'
        $failures[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'reports a missing or invalid collection per collection and goes on with the others' {
        $store = New-TestStore
        $made = New-QdrantBackup @LabParams -Collection 'no-such-collection', 'bad/name', 'e2e-secret' -Store $store -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'QdrantCollectionNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[1].FullyQualifiedErrorId | Should -BeLike 'QdrantCollectionNameInvalid,*'
        $made.Collection | Should -Be 'e2e-secret'
    }

    It 'refuses two URIs that reach the same peer (a load balancer) with QdrantNodeMismatch' {
        $uris = Get-LabQdrantUri
        $same = $LabParams.Clone(); $same.QdrantUri = @($uris[0], $uris[0])
        New-QdrantBackup @same -Collection 'e2e-secret' -Store (New-TestStore) -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'QdrantNodeMismatch,*'
    }

    It 'rejects a store path that is a URI of an unsupported scheme with StoreLocationInvalid' {
        { New-QdrantBackup @LabParams -Collection 'e2e-secret' -Store 'ftp://example/backups' -ErrorAction Stop } |
            Should -Throw -ErrorId 'StoreLocationInvalid*'
    }
}

Describe 'Get-DrBackup on a store that is not there' {
    It 'fails with StoreNotFound instead of an empty, reassuring listing' {
        { Get-DrBackup -Store (Join-Path $RepoRoot 'out/no-such-store') -ErrorAction Stop } | Should -Throw -ErrorId 'StoreNotFound*'
    }
}
