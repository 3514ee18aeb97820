# Redis backups end to end: 200,000 keys of every type (binary keys and values, TTLs) backed up with
# New-RedisBackup -Mode Rdb and -Mode Logical, flushed, restored with Restore-RedisBackup (dump.rdb into the
# data directory of a restarted server; RESTORE of every key) and read back with plain commands.
# Destructive parts run against a redis-server this file starts on a free port; the lab primary is only read.
BeforeDiscovery { . (Join-Path $PSScriptRoot 'TestSetup.ps1') }

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "pdrl-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory -Path $Work | Out-Null
    $script:PlainPassword = 'pdrl-' + [guid]::NewGuid().ToString('N')
    $script:Password = ConvertTo-SecureString $PlainPassword -AsPlainText -Force
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $listener.Start()
    $script:Port = $listener.LocalEndpoint.Port; $listener.Stop()
    $script:Server = Start-Process redis-server -PassThru -ArgumentList @('--port', $Port, '--bind', '127.0.0.1', '--dir', $Work,
        '--requirepass', $PlainPassword, '--save', '""', '--appendonly', 'no', '--daemonize', 'no') -RedirectStandardOutput (Join-Path $Work 'server.log')
    $script:Endpoint = "127.0.0.1:$Port"
    $script:Store = Join-Path $Work 'store'
    function script:Invoke-Cli([string[]] $Arguments, [string] $InputFile, [string] $OutputFile) {
        # Through sh for byte-exact file redirection; the password goes in REDISCLI_AUTH, not on the command line.
        $out = if ($OutputFile) { $OutputFile } else { Join-Path $Work 'cli.out' }
        $quoted = ($Arguments | ForEach-Object { "'" + ($_ -replace "'", "'\''") + "'" }) -join ' '
        $in = if ($InputFile) { "< '$InputFile'" } else { '< /dev/null' }
        $env:REDISCLI_AUTH = $PlainPassword
        try { sh -c "redis-cli -p $Port $quoted $in > '$out' 2>&1" } finally { Remove-Item Env:REDISCLI_AUTH }
        if ($LASTEXITCODE -ne 0) { throw "redis-cli $Arguments failed: $(Get-Content $out -Raw)" }
        if (-not $OutputFile) { (Get-Content $out -Raw).Trim() }
    }
    function script:Wait-Server {
        # Until the server answers: refused while it starts, LOADING while it reads a big dump.rdb.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($true) {
            $answer = try { Invoke-Cli @('PING') } catch { $_.Exception.Message }
            if ($answer -eq 'PONG') { return }
            if ([DateTime]::UtcNow -gt $deadline) { throw "redis-server on port $Port did not answer PING within 60 s: $answer" }
            Start-Sleep -Milliseconds 100
        }
    }
    Wait-Server

    # The dataset, as RESP for redis-cli --pipe (binary-safe), and the plain read commands that print it back.
    $script:KeyCount = 200000
    $resp = [IO.File]::Create((Join-Path $Work 'seed.resp')); $reads = [IO.StreamWriter]::new((Join-Path $Work 'read.txt')); $ttls = [IO.StreamWriter]::new((Join-Path $Work 'ttl.txt'))
    $sets = [IO.StreamWriter]::new((Join-Path $Work 'sets.txt'))
    $enc = [Text.Encoding]::UTF8
    function script:Add-Resp([object[]] $Parts) {
        $buffer = [Collections.Generic.List[byte]]::new()
        $buffer.AddRange($enc.GetBytes("*$($Parts.Count)`r`n"))
        foreach ($part in $Parts) {
            $bytes = $enc.GetBytes([string]$part)
            if ($part -is [byte[]]) { $bytes = $part }
            $buffer.AddRange($enc.GetBytes("`$$($bytes.Length)`r`n")); $buffer.AddRange($bytes); $buffer.AddRange($enc.GetBytes("`r`n"))
        }
        $resp.Write($buffer.ToArray(), 0, $buffer.Count)
    }
    $binary = [byte[]](0..255)
    for ($i = 0; $i -lt $KeyCount; $i++) {
        $name = switch ($i % 6) { 0 { "s:$i" } 1 { "h:$i" } 2 { "l:$i" } 3 { "t:$i" } 4 { "z:$i" } 5 { "x:$i" } }
        # Every 1000th key is binary: NUL, 0xff and CR LF inside the name.
        # (Assigned in branches: an if expression would unroll a byte array.)
        $key = $name
        if ($i % 1000 -eq 7) { $key = [byte[]](@(0xff, 0, 13, 10) + $enc.GetBytes($name)) }
        $quoted = if ($key -is [byte[]]) { '"\xff\x00\r\n' + $name + '"' } else { $name }
        switch ($i % 6) {
            0 {
                $value = "v$i"
                if ($i % 10 -eq 0) { $value = [byte[]]($binary + $enc.GetBytes("$i")) } elseif ($i % 10 -eq 6) { $value = '' }
                Add-Resp @('SET', $key, $value); $reads.WriteLine("GET $quoted")
            }
            1 { Add-Resp @('HSET', $key, 'f1', "v$i", 'f2', [byte[]](0, 1, 2, 255)); $reads.WriteLine("HGETALL $quoted") }
            2 { Add-Resp @('RPUSH', $key, 'a', 'b', "$i"); $reads.WriteLine("LRANGE $quoted 0 -1") }
            3 { Add-Resp @('SADD', $key, 'x', 'y', "$i"); $sets.WriteLine("SMEMBERS $quoted") }
            4 { Add-Resp @('ZADD', $key, '1.5', 'a', "$i", 'b'); $reads.WriteLine("ZRANGE $quoted 0 -1 WITHSCORES") }
            5 { Add-Resp @('XADD', $key, '1-1', 'f', "$i"); $reads.WriteLine("XRANGE $quoted - +") }
        }
        if ($i % 12 -eq 0) { Add-Resp @('PEXPIRE', $key, (3600000 + $i)) }
        if ($i % 12 -eq 0 -or $i % 12 -eq 1) { $ttls.WriteLine("PTTL $quoted") }
    }
    # One big value whose middle a corruption test can find. Incompressible: Redis LZF-compresses a run of one
    # character in DUMP, and the test would then miss the value and flip whatever byte sits at its guessed offset.
    $noise = [byte[]]::new(49152); [Random]::new(42).NextBytes($noise)
    Add-Resp @('SET', 'canary', ('CANARY-' + [Convert]::ToBase64String($noise))); $reads.WriteLine('STRLEN canary')
    $resp.Dispose(); $reads.Dispose(); $ttls.Dispose(); $sets.Dispose()
    Invoke-Cli @('--pipe') -InputFile (Join-Path $Work 'seed.resp') | Out-Null

    function script:Read-Dataset([string] $Name) {
        $file = Join-Path $Work "$Name.txt"; Invoke-Cli @('--no-raw') -InputFile (Join-Path $Work 'read.txt') -OutputFile $file; $file
    }
    function script:Read-Sets {
        # A set's members come back in hash-table order, which a restore is free to change: each 3-member reply is sorted.
        $file = Join-Path $Work 'sets.out'; Invoke-Cli @('--no-raw') -InputFile (Join-Path $Work 'sets.txt') -OutputFile $file
        $lines = [string[]](Get-Content $file | ForEach-Object { $_ -replace '^\d+\) ', '' })
        for ($i = 0; $i -lt $lines.Count; $i += 3) { ($lines[$i..($i + 2)] | Sort-Object) -join "`n" }
    }
    function script:Read-Ttls {
        $file = Join-Path $Work 'ttl.out'; Invoke-Cli @() -InputFile (Join-Path $Work 'ttl.txt') -OutputFile $file
        [long[]](Get-Content $file | ForEach-Object { ($_ -replace '^\(integer\) ', '').Trim() })
    }
}

AfterAll {
    if ($Server) { Stop-Process -Id $Server.Id -Force -ErrorAction SilentlyContinue; $Server.WaitForExit(5000) | Out-Null }
    if ($Work -and -not $env:PDRL_KEEP) { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }
}

Describe 'RDB backup and restore of 200,000 keys' {
    BeforeAll {
        $before = Read-Dataset 'rdb-before'
        $setsBefore = Read-Sets
        $ttlClock = [Diagnostics.Stopwatch]::StartNew()
        $ttlBefore = Read-Ttls
        $script:RdbBackup = New-RedisBackup $Endpoint -Password $Password -Mode Rdb -Store $Store -Name lab-rdb -Confirm:$false
        Invoke-Cli @('FLUSHALL') | Out-Null
        # A self-managed restore: stop the server, place dump.rdb in its data directory, start it again.
        try { Invoke-Cli @('SHUTDOWN', 'NOSAVE') | Out-Null } catch { $null = $_ }   # redis-cli may report the closed connection
        $Server.WaitForExit(10000) | Out-Null
        $script:RdbRestore = $RdbBackup | Restore-RedisBackup -DataDirectory $Work -Replace -Confirm:$false
        $script:Server = Start-Process redis-server -PassThru -ArgumentList @('--port', $Port, '--bind', '127.0.0.1', '--dir', $Work,
            '--requirepass', $PlainPassword, '--save', '""', '--appendonly', 'no', '--daemonize', 'no') -RedirectStandardOutput (Join-Path $Work 'server2.log')
        Wait-Server
        $ttlAfter = Read-Ttls
        $script:RdbTtlWindow = $ttlClock.Elapsed.TotalMilliseconds + 1000
        $script:RdbCompare = @{ Before = $before; After = (Read-Dataset 'rdb-after'); SetsBefore = $setsBefore; SetsAfter = Read-Sets; TtlBefore = $ttlBefore; TtlAfter = $ttlAfter }
    }

    It 'records the RDB version and every key in the manifest' {
        $RdbBackup.Status | Should -Be 'Succeeded'
        $RdbBackup.Mode | Should -Be 'Rdb'
        $RdbBackup.KeyCount | Should -Be ($KeyCount + 1)
        $RdbBackup.Parts[0].Key | Should -BeLike 'redis/lab-rdb/*/dump.rdb'
    }

    It 'brings back every key with the same value and TTL after FLUSHALL, read back with plain commands' {
        Invoke-Cli @('DBSIZE') | Should -Be "$($KeyCount + 1)"
        (Get-FileHash $RdbCompare.After).Hash | Should -Be (Get-FileHash $RdbCompare.Before).Hash
        Compare-Object $RdbCompare.SetsBefore $RdbCompare.SetsAfter -SyncWindow 0 | Should -BeNullOrEmpty
        $RdbCompare.TtlAfter.Count | Should -Be $RdbCompare.TtlBefore.Count
        for ($i = 0; $i -lt $RdbCompare.TtlBefore.Count; $i++) {
            if ($RdbCompare.TtlBefore[$i] -eq -1) { $RdbCompare.TtlAfter[$i] | Should -Be -1; continue }
            # An RDB keeps absolute expiry times, so the TTL goes on counting down through the restore.
            $RdbCompare.TtlAfter[$i] | Should -BeLessOrEqual ($RdbCompare.TtlBefore[$i] + 1000)
            $RdbCompare.TtlAfter[$i] | Should -BeGreaterThan ($RdbCompare.TtlBefore[$i] - $RdbTtlWindow)
        }
    }

    It 'wrote a dump.rdb that redis-check-rdb accepts' {
        & redis-check-rdb (Join-Path $Work 'dump.rdb') *> $null
        $LASTEXITCODE | Should -Be 0
    }
}

Describe 'Logical backup and restore of 200,000 keys' {
    BeforeAll {
        $script:Before = Read-Dataset 'before'
        $script:SetsBefore = Read-Sets
        $ttlClock = [Diagnostics.Stopwatch]::StartNew()
        $script:TtlBefore = Read-Ttls
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $script:Backup = New-RedisBackup $Endpoint -Password $Password -Mode Logical -Store $Store -Name lab-logical -Confirm:$false
        $script:BackupSeconds = $clock.Elapsed.TotalSeconds
        Invoke-Cli @('FLUSHALL') | Out-Null
        $clock.Restart()
        $script:Result = $Backup | Restore-RedisBackup -Endpoint $Endpoint -Password $Password -Confirm:$false
        $script:RestoreSeconds = $clock.Elapsed.TotalSeconds
        $script:TtlAfter = Read-Ttls
        # A restored TTL counts from the restore, so it lags the earlier reading by at most the time between the two reads.
        $script:TtlWindow = $ttlClock.Elapsed.TotalMilliseconds + 1000
        $script:After = Read-Dataset 'after'
        $script:SetsAfter = Read-Sets
        Write-Host ("200k keys: backup {0:N1} s ({1:N0} keys/s), restore {2:N1} s ({3:N0} keys/s), part {4:N1} MB" -f $BackupSeconds,
            ($Backup.KeyCount / $BackupSeconds), $RestoreSeconds, ($Result.KeysRestored / $RestoreSeconds), ($Backup.Parts[0].Size / 1MB))
    }

    It 'records every key, the source version and the RDB version in the manifest' {
        $Backup.Status | Should -Be 'Succeeded'
        $Backup.KeyCount | Should -Be ($KeyCount + 1)
        $Backup.RdbVersion | Should -Be 10
        $Backup.RedisVersion | Should -BeLike '7.*'
        $Backup.Parts[0].Key | Should -BeLike 'redis/lab-logical/*/keys.pdrl'
    }

    It 'restores every key with the same value, read back with plain commands' {
        $Result.Verdict | Should -Be 'Succeeded'
        $Result.KeysRestored | Should -Be ($KeyCount + 1)
        (Get-FileHash $After).Hash | Should -Be (Get-FileHash $Before).Hash
        (Get-Item $Before).Length | Should -BeGreaterThan 1MB
        $SetsBefore.Count | Should -Be (Get-Content (Join-Path $Work 'sets.txt')).Count
        Compare-Object $SetsBefore $SetsAfter -SyncWindow 0 | Should -BeNullOrEmpty
    }

    It 'keeps each TTL as recorded at backup time (none stays none)' {
        $TtlAfter.Count | Should -Be $TtlBefore.Count
        for ($i = 0; $i -lt $TtlBefore.Count; $i++) {
            if ($TtlBefore[$i] -eq -1) { $TtlAfter[$i] | Should -Be -1; continue }
            $TtlAfter[$i] | Should -BeLessOrEqual ($TtlBefore[$i] + 1000)
            $TtlAfter[$i] | Should -BeGreaterThan ($TtlBefore[$i] - $TtlWindow)
        }
    }

    It 'passes Full integrity, and a flipped byte fails it with RedisDumpRecordChecksumMismatch' {
        $report = $Backup | Test-BackupIntegrity -Level Full
        $report.Verdict | Should -Be 'Passed'
        $report.BytesRead | Should -Be $Backup.Parts[0].Size
        $part = Join-Path $Store $Backup.Parts[0].Key
        $bytes = [IO.File]::ReadAllBytes($part)
        $canary = [Text.Encoding]::ASCII.GetString($bytes).IndexOf('CANARY-')
        $canary | Should -BeGreaterOrEqual 0 -Because 'the flip must land inside the canary value, not at a guessed offset'
        $at = $canary + 30000
        $bytes[$at] = $bytes[$at] -bxor 1
        $copy = Join-Path $Work 'damaged'
        Copy-Item -Recurse $Store $copy
        [IO.File]::WriteAllBytes((Join-Path $copy $Backup.Parts[0].Key), $bytes)
        $damaged = Get-DrBackup -Store $copy -Id $Backup.Id
        $report = $damaged | Test-BackupIntegrity -Level Full -ErrorAction SilentlyContinue
        $report.Verdict | Should -Be 'Failed'
        ($report.Checks | Where-Object Name -eq 'RedisDump').ErrorId | Should -Be 'RedisDumpRecordChecksumMismatch'
    }

    It 'without -Replace leaves existing keys untouched and says so with RedisRestoreKeyExists' {
        Invoke-Cli @('SET', 's:18', 'changed') | Out-Null
        $result = $Backup | Restore-RedisBackup -Endpoint $Endpoint -Password $Password -Pattern 's:18' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RedisRestoreKeyExists,*'
        $result.KeysSkipped | Should -Be 1
        Invoke-Cli @('GET', 's:18') | Should -Be 'changed'
        $result = $Backup | Restore-RedisBackup -Endpoint $Endpoint -Password $Password -Pattern 's:18' -Replace -Confirm:$false
        $result.KeysRestored | Should -Be 1
        Invoke-Cli @('GET', 's:18') | Should -Be 'v18'
    }

    It '-Pattern restores only the matching keys' {
        Invoke-Cli @('FLUSHALL') | Out-Null
        $result = $Backup | Restore-RedisBackup -Endpoint $Endpoint -Password $Password -Pattern 'h:1[0-9]' -Confirm:$false
        $result.KeysRestored | Should -Be 2   # h:13 and h:19
        $result.KeysNotMatched | Should -Be ($KeyCount + 1 - 2)
        Invoke-Cli @('DBSIZE') | Should -Be '2'
    }

    It '-WhatIf writes nothing' {
        Invoke-Cli @('FLUSHALL') | Out-Null
        $Backup | Restore-RedisBackup -Endpoint $Endpoint -Password $Password -WhatIf | Should -BeNullOrEmpty
        Invoke-Cli @('DBSIZE') | Should -Be '0'
    }
}

Describe 'Logical backup of the lab primary' {
    It 'dumps a -Pattern subset and restores it elsewhere' {
        $lab = Get-LabRedis
        $labPassword = ConvertTo-SecureString $lab.password -AsPlainText -Force
        $host_, $port_ = $lab.primary -split ':'
        & redis-cli -h $host_ -p $port_ --no-auth-warning -a $lab.password SET 'pdrl:one' '1' | Out-Null
        & redis-cli -h $host_ -p $port_ --no-auth-warning -a $lab.password SET 'pdrl:two' '2' PX 600000 | Out-Null
        $backup = New-RedisBackup $lab.primary -Password $labPassword -Mode Logical -Pattern 'pdrl:*' -Store $Store -Name lab-primary -Confirm:$false
        $backup.KeyCount | Should -Be 2
        $backup.Pattern | Should -Be 'pdrl:*'
        Invoke-Cli @('FLUSHALL') | Out-Null
        ($backup | Restore-RedisBackup -Endpoint $Endpoint -Password $Password -Confirm:$false).KeysRestored | Should -Be 2
        Invoke-Cli @('GET', 'pdrl:two') | Should -Be '2'
    }
}
