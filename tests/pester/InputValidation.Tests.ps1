# Issue 9, items 3, 10 and 14: arguments that cannot work fail before anything changes, each failure with its
# own id and advice, never a raw .NET exception or another failure's id.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Target = @{ QdrantUri = $LabParams.QdrantUri; GrpcUri = $LabParams.GrpcUri; ApiKey = $LabParams.ApiKey }
    $script:Redis = Get-LabRedis
    $script:RedisPassword = ConvertTo-SecureString $Redis.password -AsPlainText -Force
    $script:Work = Join-Path $RepoRoot "out/test-stores/iv-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory -Path $Work | Out-Null

    # The restore target: a collection whose data differs from the backup, so any restore would show.
    New-LabCollection -Name 'iv-source' -ShardNumber 3 -PointCount 300 -Seed 71
    $script:Store = New-TestStore
    $script:Backup = New-QdrantBackup @LabParams -Collection 'iv-source' -Store $Store
    New-LabCollection -Name 'iv-target' -ShardNumber 3 -PointCount 120 -Seed 72

    function script:Get-Failure([scriptblock] $Command) {
        # The first error the command writes or throws, as an ErrorRecord (a raw .NET exception shows as its own id).
        $ErrorActionPreference = 'Stop'
        try { & $Command | Out-Null } catch { return $_ }
        throw 'The command did not fail.'
    }
}

AfterAll {
    foreach ($name in 'iv-source', 'iv-target') { Invoke-LabQdrant DELETE "collections/$name" | Out-Null }
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Durations: checked before anything changes, bare numbers are seconds (item 3)' {
    It 'Restore-QdrantCluster -ConvergeTimeout <Value> fails with DurationOutOfRange and leaves the target as it was' -ForEach @(
        @{ Value = '0' }, @{ Value = '-5' }, @{ Value = 'MaxValue' }, @{ Value = '700000' }) {
        $timeout = switch ($Value) { 'MaxValue' { [TimeSpan]::MaxValue } default { [int]$Value } }
        $snapshotsBefore = @(Get-LabSnapshotName -Collection 'iv-target')
        $failure = Get-Failure { $Backup | Restore-QdrantCluster @Target -TargetCollection 'iv-target' -ConvergeTimeout $timeout -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -BeLike 'DurationOutOfRange,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'seconds'
        Get-LabPointCount 'iv-target' | Should -Be 120 -Because 'no node may have received its part'
        @(Get-LabSnapshotName -Collection 'iv-target') | Should -Be $snapshotsBefore
    }

    It 'a bare number means seconds: -MaxAge 86400 is one day, and -MaxAge 30 is refused' {
        (New-DrRetentionPolicy -Kind Qdrant -MaxAge 86400).MaxAge | Should -Be ([TimeSpan]::FromDays(1))
        (New-DrRetentionPolicy -Kind Qdrant -MaxAge '2.00:00:00').MaxAge | Should -Be ([TimeSpan]::FromDays(2))
        (Get-Failure { New-DrRetentionPolicy -Kind Qdrant -MaxAge 30 }).FullyQualifiedErrorId | Should -BeLike 'DurationOutOfRange,*'
    }

    It 'New-QdrantBackup -SnapshotTimeout <Value> fails with DurationOutOfRange, not QdrantSnapshotTimeout, before any snapshot' -ForEach @(
        @{ Value = 0 }, @{ Value = 1e9 }) {
        $before = @(Get-LabSnapshotName -Collection 'iv-source')
        $failure = Get-Failure { New-QdrantBackup @LabParams -Collection 'iv-source' -Store $Store -SnapshotTimeout $Value }
        $failure.FullyQualifiedErrorId | Should -BeLike 'DurationOutOfRange,*'
        @(Get-LabSnapshotName -Collection 'iv-source') | Should -Be $before
    }

    It 'every TimeSpan parameter of every cmdlet reads a bare number as seconds and has a checked range' {
        $durations = foreach ($command in Get-Command -Module PubSecDr) {
            foreach ($parameter in $command.Parameters.Values | Where-Object { $_.ParameterType -in [TimeSpan], [Nullable[TimeSpan]] }) {
                [pscustomobject]@{ Name = "$($command.Name) -$($parameter.Name)"; Attributed = @($parameter.Attributes | Where-Object { $_.GetType().Name -eq 'DurationAttribute' }).Count -eq 1 }
            }
        }
        $durations.Count | Should -BeGreaterThan 10
        $durations | Where-Object { -not $_.Attributed } | ForEach-Object Name | Should -BeNullOrEmpty
    }

    It 'New-DrBackupStore -RequestTimeout 0 fails with DurationOutOfRange' {
        (Get-Failure { New-DrBackupStore $Work -RequestTimeout 0 }).FullyQualifiedErrorId | Should -BeLike 'DurationOutOfRange,*'
    }
}

Describe 'Clear errors instead of raw .NET ones (item 10)' {
    It 'a -QdrantUri of <Value> fails with QdrantUriInvalid' -ForEach @(
        @{ Value = '127.0.0.1:6333' }, @{ Value = 'ftp://127.0.0.1:6333' }, @{ Value = '' }, @{ Value = ' ' }, @{ Value = 'qdrant-0' }) {
        $failure = Get-Failure { New-QdrantBackup -QdrantUri $Value -Store $Store -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -BeLike 'QdrantUriInvalid,*'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'http://'
    }

    It 'a -GrpcUri without a scheme fails with QdrantUriInvalid' {
        (Get-Failure { Compare-QdrantCollection -QdrantUri $Target.QdrantUri -GrpcUri 'localhost:6334' -Backup $Backup }).FullyQualifiedErrorId |
            Should -BeLike 'QdrantUriInvalid,*'
    }

    It 'a gRPC endpoint that is not REST + 1 fails with QdrantGrpcUnreachable, saying 6334 was assumed and to give -GrpcUri' {
        $failure = Get-Failure { New-QdrantBackup -QdrantUri $Target.QdrantUri -ApiKey $Target.ApiKey -Collection 'iv-source' -Store $Store -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -BeLike 'QdrantGrpcUnreachable,*'
        "$failure" | Should -Match '6334'
        "$failure $($failure.ErrorDetails.RecommendedAction)" | Should -Match '-GrpcUri'
        "$failure" | Should -Not -Match 'DebugException|StatusCode='
    }

    It 'a kubeconfig that is <Case> fails with <Id> before anything changes' -ForEach @(
        @{ Case = 'missing'; Content = $null; Id = 'KubernetesConfigNotFound' },
        @{ Case = 'not YAML'; Content = 'this: is: : not [ yaml'; Id = 'KubernetesConfigInvalid' },
        @{ Case = 'not a kubeconfig'; Content = 'hello world'; Id = 'KubernetesConfigInvalid' }) {
        $path = Join-Path $Work "kubeconfig-$([guid]::NewGuid().ToString('N'))"
        if ($null -ne $Content) { Set-Content $path $Content }
        $failure = Get-Failure { $Backup | Restore-QdrantCluster @Target -TargetCollection 'iv-target' -ResetVolumes -KubeConfig $path -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        Get-LabPointCount 'iv-target' | Should -Be 120
    }

    It 'an invalid bucket name <Location> fails with StoreLocationInvalid, not DriveNotFound' -ForEach @(
        @{ Location = 's3://bad bucket/x' }, @{ Location = 's3://a{b}c/x' }, @{ Location = 'az://bad container/x' }) {
        (Get-Failure { Get-DrBackup -Store $Location }).FullyQualifiedErrorId | Should -BeLike 'StoreLocationInvalid,*'
    }

    It 'an unwritable destination fails with StoreNotWritable' {
        $file = Join-Path $Work 'a-file'
        Set-Content $file 'x'
        $failure = Get-Failure { New-RedisBackup -Endpoint $Redis.primary -Password $RedisPassword -Mode Logical -Store (Join-Path $file 'store') -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -BeLike 'StoreNotWritable,*'
    }

    It 'a Redis endpoint that is not Redis fails with RedisEndpointNotRedis (<Mode>), without StackExchange.Redis advice' -ForEach @(
        @{ Mode = 'Logical' }, @{ Mode = 'Rdb' }) {
        $rest = ([Uri](Get-LabQdrantUri)[0]).Authority
        $failure = Get-Failure { New-RedisBackup -Endpoint $rest -Mode $Mode -Store $Store -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -BeLike 'RedisEndpointNotRedis,*'
        "$failure $($failure.ErrorDetails.RecommendedAction)" | Should -Not -Match 'abortConnect'
    }
}

Describe 'One id per failure path (item 14)' {
    BeforeAll {
        $script:RedisBackup = New-RedisBackup -Endpoint $Redis.primary -Password $RedisPassword -Mode Rdb -Store $Store -Name 'iv-rdb' -Confirm:$false
    }

    It 'Test-BackupIntegrity -Level Restore without -ScratchQdrantUri is IntegrityScratchUriMissing' {
        (Get-Failure { $Backup | Test-BackupIntegrity -Level Restore }).FullyQualifiedErrorId | Should -BeLike 'IntegrityScratchUriMissing,*'
    }

    It 'a Redis -DataDirectory that does not exist is RedisDataDirectoryNotFound' {
        $failure = Get-Failure { $RedisBackup | Restore-RedisBackup -DataDirectory (Join-Path $Work 'no-such-dir') -Confirm:$false }
        $failure.FullyQualifiedErrorId | Should -BeLike 'RedisDataDirectoryNotFound,*'
    }

    It 'a dump.rdb that exists without -Replace is RedisDataFileExists' {
        $directory = Join-Path $Work 'data'
        New-Item -ItemType Directory -Force $directory | Out-Null
        Set-Content (Join-Path $directory 'dump.rdb') 'old'
        (Get-Failure { $RedisBackup | Restore-RedisBackup -DataDirectory $directory -Confirm:$false }).FullyQualifiedErrorId | Should -BeLike 'RedisDataFileExists,*'
        Get-Content (Join-Path $directory 'dump.rdb') | Should -Be 'old'
    }

    It 'New-RedisBackup -Mode Rdb -Pattern is RedisBackupModeConflict, not RedisEndpointInvalid' {
        (Get-Failure { New-RedisBackup -Endpoint $Redis.primary -Mode Rdb -Pattern 'a*' -Store $Store -Confirm:$false }).FullyQualifiedErrorId |
            Should -BeLike 'RedisBackupModeConflict,*'
    }

    It 'a backup object without a store is BackupStoreUnknown' {
        $orphan = Get-DrBackup -Store $Store -Collection 'iv-source' | Select-Object -First 1
        $orphan.Store = $null
        (Get-Failure { Copy-DrBackup -InputObject $orphan -Destination (New-TestStore) -Confirm:$false }).FullyQualifiedErrorId | Should -BeLike 'BackupStoreUnknown,*'
    }
}
