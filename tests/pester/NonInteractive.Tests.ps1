# Issue 9, item 12: a cmdlet that must ask before a change, run in a session that cannot prompt (a child
# pwsh -NonInteractive, as a scheduled job or runbook runs it), fails with ConfirmationRequired saying to add
# -Confirm:$false, and changes nothing; not with PowerShell's bare "NonInteractive mode" error.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Lab = Get-LabConfig
    $script:Work = Join-Path $RepoRoot "out/test-stores/ni-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory -Path $Work | Out-Null
    $script:Store = Join-Path $Work 'store'

    New-LabCollection -Name 'ni-source' -ShardNumber 1 -PointCount 50 -Seed 81
    $script:Older = New-QdrantBackup @LabParams -Collection 'ni-source' -Store $Store
    $script:Newer = New-QdrantBackup @LabParams -Collection 'ni-source' -Store $Store
    New-LabCollection -Name 'ni-target' -ShardNumber 1 -PointCount 20 -Seed 82
    $script:RedisBackup = New-RedisBackup -Endpoint $Lab.redis.primary -Password (ConvertTo-SecureString $Lab.redis.password -AsPlainText -Force) `
        -Mode Logical -Pattern 'ni-no-such-key-*' -Store $Store -Name 'ni-logical' -Confirm:$false

    # Two private, password-less Redis servers that differ in one key, for Compare-RedisData -Fix.
    $script:Reference = Start-PrivateRedis $Work
    $script:Difference = Start-PrivateRedis $Work
    redis-cli -p $Reference.Port SET ni-key reference | Out-Null

    function script:Invoke-NonInteractive([string] $Command) {
        # The command in a fresh pwsh -NonInteractive; returns its error id and recommended action, or '(no error)'.
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($Lab.qdrant.apiKey)' -AsPlainText -Force
`$nodes = @($(($Lab.qdrant.nodes.rest | ForEach-Object { "'$_'" }) -join ','))
`$grpc = '$($Lab.qdrant.nodes[0].grpc)'
try { $Command | Out-Null; 'ID=(no error)' }
catch { "ID=`$(`$_.FullyQualifiedErrorId)"; "ACTION=`$(`$_.ErrorDetails.RecommendedAction)" }
"@
        $lines = Invoke-FreshPwshScript -Script $script -WorkDirectory $Work
        [pscustomobject]@{
            Id = ($lines | Where-Object { $_ -like 'ID=*' } | Select-Object -Last 1) -replace '^ID='
            Action = ($lines | Where-Object { $_ -like 'ACTION=*' } | Select-Object -Last 1) -replace '^ACTION='
        }
    }
}

AfterAll {
    foreach ($server in $Reference, $Difference) { if ($server) { Stop-Process -Id $server.Process.Id -Force -ErrorAction SilentlyContinue } }
    foreach ($name in 'ni-source', 'ni-target') { Invoke-LabQdrant DELETE "collections/$name" | Out-Null }
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Destructive cmdlets in a session that cannot prompt' {
    It 'Restore-QdrantCluster fails with ConfirmationRequired and restores nothing' {
        $result = Invoke-NonInteractive "Get-DrBackup -Store '$Store' -Id '$($Newer.Id)' | Restore-QdrantCluster -QdrantUri `$nodes -GrpcUri `$grpc -ApiKey `$key -TargetCollection ni-target"
        $result.Id | Should -BeLike 'ConfirmationRequired,*'
        $result.Action | Should -Match '-Confirm:\$false'
        Get-LabPointCount 'ni-target' | Should -Be 20
    }

    It 'Invoke-DrRetention fails with ConfirmationRequired and deletes nothing' {
        $result = Invoke-NonInteractive ("Invoke-DrRetention -Store '$Store' -Policy (New-DrRetentionPolicy -Kind Qdrant -MaxAge 0 -KeepLast 1) " +
            "-AsOf ([datetime]::UtcNow.AddDays(1))")
        $result.Id | Should -BeLike 'ConfirmationRequired,*'
        (Get-DrBackup -Store $Store -Collection 'ni-source').Id | Should -Contain $Older.Id
    }

    It 'Restore-RedisBackup (<Mode>) fails with ConfirmationRequired and writes nothing' -ForEach @(@{ Mode = 'Logical' }, @{ Mode = 'Rdb' }) {
        $data = Join-Path $Work "data-$Mode"
        New-Item -ItemType Directory -Force $data | Out-Null
        $target = if ($Mode -eq 'Logical') { "-Endpoint '$($Difference.Endpoint)'" } else { "-DataDirectory '$data'" }
        $backup = if ($Mode -eq 'Logical') { "Get-DrBackup -Store '$Store' -Id '$($RedisBackup.Id)'" } else {
            "New-RedisBackup -Endpoint '$($Reference.Endpoint)' -Mode Rdb -Store '$Store' -Name ni-rdb -Confirm:`$false" }
        $result = Invoke-NonInteractive "$backup | Restore-RedisBackup $target"
        $result.Id | Should -BeLike 'ConfirmationRequired,*'
        Get-ChildItem $data | Should -BeNullOrEmpty
    }

    It 'Compare-RedisData -Fix fails with ConfirmationRequired and fixes nothing' {
        $result = Invoke-NonInteractive "Compare-RedisData -Reference '$($Reference.Endpoint)' -Difference '$($Difference.Endpoint)' -Fix"
        $result.Id | Should -BeLike 'ConfirmationRequired,*'
        redis-cli -p $Difference.Port EXISTS ni-key | Should -Be '0'
    }

    It '<Name> -Confirm fails with ConfirmationRequired' -ForEach @(
        @{ Name = 'New-QdrantBackup'; Command = "New-QdrantBackup -QdrantUri `$nodes -GrpcUri `$grpc -ApiKey `$key -Collection ni-source -Store '{0}' -Confirm" },
        @{ Name = 'Copy-DrBackup'; Command = "Get-DrBackup -Store '{0}' -Collection ni-source | Copy-DrBackup -Destination '{0}-copy' -Confirm" },
        @{ Name = 'New-RedisBackup'; Command = "New-RedisBackup -Endpoint '{1}' -Mode Logical -Store '{0}' -Confirm" }) {
        $before = @(Get-DrBackup -Store $Store).Count
        $result = Invoke-NonInteractive ($Command -f $Store, $Reference.Endpoint)
        $result.Id | Should -BeLike 'ConfirmationRequired,*'
        @(Get-DrBackup -Store $Store).Count | Should -Be $before
        Test-Path "$Store-copy" | Should -BeFalse
    }
}
