# Restore-RedisBackup -DataDirectory end to end against a redis-server this file starts on a free port: its RDB is
# backed up into a folder store; copies damaged three ways (a flipped byte, cut short, extended) with the manifest's
# sha256 and size rewritten to match are refused before anything is replaced; a good restore keeps the replaced
# dump.rdb beside the new one, and the server starts from the new one.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "pdr-rdb-restore-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $script:Data = Join-Path $Work 'data'
    New-Item -ItemType Directory -Path $Data | Out-Null
    $script:DumpPath = Join-Path $Data 'dump.rdb'
    $script:PlainPassword = 'rdb-restore-' + [guid]::NewGuid().ToString('N')
    $script:Password = ConvertTo-SecureString $PlainPassword -AsPlainText -Force
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $listener.Start()
    $script:Port = $listener.LocalEndpoint.Port; $listener.Stop()
    $script:Starts = 0

    function script:Invoke-Cli([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments) {
        # The password goes in REDISCLI_AUTH, not on the command line.
        $env:REDISCLI_AUTH = $PlainPassword
        try { redis-cli -p $Port @Arguments 2>&1 } finally { Remove-Item Env:REDISCLI_AUTH }
    }
    function script:Start-Server {
        $script:Starts++
        $script:Server = Start-Process redis-server -PassThru -RedirectStandardOutput (Join-Path $Work "server-$Starts.log") -ArgumentList @(
            '--port', $Port, '--bind', '127.0.0.1', '--dir', $Data, '--dbfilename', 'dump.rdb', '--requirepass', $PlainPassword,
            '--save', '""', '--appendonly', 'no', '--daemonize', 'no')
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ((Invoke-Cli PING) -ne 'PONG') {
            if ($Server.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "redis-server did not start: $(Get-Content (Join-Path $Work "server-$Starts.log") -Raw)" }
            Start-Sleep -Milliseconds 100
        }
        # The port was free a moment ago, not reserved: if another process took it, PONG came from a server that is
        # not ours (ours then exits on "address in use"), and every later step would silently work on that one.
        $dir = @(Invoke-Cli CONFIG GET dir)
        if ($Server.HasExited -or $dir[-1] -ne $Data) { throw "Port $Port answers, but not from the redis-server this file started (dir '$($dir[-1])'); run again." }
    }
    function script:Stop-Server {
        Invoke-Cli SHUTDOWN NOSAVE | Out-Null
        $Server.WaitForExit(10000) | Out-Null
    }

    Start-Server
    $seed = foreach ($i in 1..800) {
        "SET rdb:string:$i value-$i"
        if ($i % 4 -eq 0) { "HSET rdb:hash:$($i % 30) field$i $i" }
        if ($i % 5 -eq 0) { "RPUSH rdb:list:$($i % 10) item$i" }
        if ($i % 7 -eq 0) { "SET rdb:ttl:$i x EX 86400" }
    }
    $env:REDISCLI_AUTH = $PlainPassword
    try { $seed | redis-cli -p $Port | Out-Null } finally { Remove-Item Env:REDISCLI_AUTH }
    $script:KeysInBackup = [long](Invoke-Cli DBSIZE)
    $script:Store = New-TestStore -Kind Folder
    $script:Backup = New-RedisBackup "127.0.0.1:$Port" -Password $Password -Mode Rdb -Store $Store -Name rdb-restore -Confirm:$false
    # The server's own dump.rdb differs from the backup by one key, so which one a server loads is visible.
    Invoke-Cli SET written:after:backup 1 | Out-Null
    # The backup's replication sync forks a child that may still be ending; SAVE is refused ("Background save already
    # in progress") until it has, so ask again until the server's own dump.rdb is really written.
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while (($saved = Invoke-Cli SAVE) -ne 'OK') {
        if ([DateTime]::UtcNow -gt $deadline) { throw "SAVE kept failing: $saved" }
        Start-Sleep -Milliseconds 200
    }
    Stop-Server
    $script:ServerDump = (Get-FileHash $DumpPath).Hash

    function script:New-DamagedBackup([string] $Damage) {
        # A copy of the backup in a store of its own, its RDB damaged, its manifest's sha256 and size made to match.
        $copy = New-TestStore -Kind Folder
        Copy-Item -Recurse (Join-Path $Store 'redis') $copy
        $part = Join-Path $copy $Backup.Parts[0].Key
        $bytes = [IO.File]::ReadAllBytes($part)
        switch ($Damage) {
            'flip' { $bytes[[int]($bytes.Length / 2)] = $bytes[[int]($bytes.Length / 2)] -bxor 0x10 }
            # Cut where the new last 9 bytes do not start with 0xFF by chance, so only the missing EOF opcode can tell.
            'truncate' { $cut = (100..160 | Where-Object { $bytes[$bytes.Length - $_ - 9] -ne 0xff })[0]; $bytes = $bytes[0..($bytes.Length - $cut - 1)] }
            'extend' { $bytes = [byte[]]($bytes + [byte[]]@(10) * 16) }
        }
        [IO.File]::WriteAllBytes($part, $bytes)
        $manifestPath = Join-Path $copy $Backup.ManifestKey
        $sha256 = (Get-FileHash $part -Algorithm SHA256).Hash.ToLowerInvariant()
        (Get-Content $manifestPath -Raw).Replace($Backup.Parts[0].Sha256, $sha256) -replace "`"size`": $($Backup.Parts[0].Size)\b", "`"size`": $($bytes.Length)" |
            Set-Content $manifestPath -NoNewline
        Get-DrBackup -Store $copy -Id $Backup.Id
    }
}

AfterAll {
    if ($Server -and -not $Server.HasExited) { Stop-Process -Id $Server.Id -Force -ErrorAction SilentlyContinue; $Server.WaitForExit(5000) | Out-Null }
    if ($Work) { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }
}

Describe 'Restore-RedisBackup -DataDirectory with an RDB whose manifest was made to match its damage' {
    It 'refuses a <Damage> RDB with <ErrorId> before anything is replaced' -ForEach @(
        @{ Damage = 'flip'; ErrorId = 'RedisRdbChecksumMismatch' }
        @{ Damage = 'truncate'; ErrorId = 'RedisRdbMalformed' }
        @{ Damage = 'extend'; ErrorId = 'RedisRdbMalformed' }
    ) {
        $damaged = New-DamagedBackup $Damage
        # The manifest now describes the damaged file: its size and hash match, so only the RDB itself can tell.
        $damaged.Parts[0].Sha256 | Should -Not -Be $Backup.Parts[0].Sha256
        $damaged.Parts[0].Sha256 | Should -Be (Get-FileHash (Join-Path ([uri]$damaged.Store.Location).LocalPath $damaged.Parts[0].Key) -Algorithm SHA256).Hash.ToLowerInvariant()
        ($damaged | Test-BackupIntegrity -Level Quick).Verdict | Should -Be 'Passed'

        $result = $damaged | Restore-RedisBackup -DataDirectory $Data -Replace -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $failures.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        "$failures" | Should -Match 'unchanged'
        (Get-FileHash $DumpPath).Hash | Should -Be $ServerDump
        (Get-ChildItem $Data -Force).Name | Should -Be 'dump.rdb'
    }
}

Describe 'Restore-RedisBackup -DataDirectory with a good RDB' {
    BeforeAll {
        $script:Result = $Backup | Restore-RedisBackup -DataDirectory $Data -Replace -Confirm:$false
        $script:Kept = @(Get-ChildItem $Data -Filter 'dump.rdb.replaced-*')
        Start-Server
    }

    It 'installs it and reports Succeeded with the keys the RDB holds' {
        $Result.Verdict | Should -Be 'Succeeded'
        $Result.KeysRestored | Should -Be $KeysInBackup
        (Get-FileHash $DumpPath -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $Backup.Parts[0].Sha256
    }

    It 'keeps the replaced dump.rdb beside it, named in the result' {
        $Kept.Count | Should -Be 1
        $Kept[0].Name | Should -Match '^dump\.rdb\.replaced-\d{8}T\d{6}Z$'
        $Result.ReplacedFile | Should -Be $Kept[0].FullName
        (Get-FileHash $Kept[0].FullName).Hash | Should -Be $ServerDump
    }

    It 'the server starts from the new one' {
        Invoke-Cli DBSIZE | Should -Be "$KeysInBackup"
        Invoke-Cli GET rdb:string:42 | Should -Be 'value-42'
        Invoke-Cli EXISTS written:after:backup | Should -Be '0'
    }
}
