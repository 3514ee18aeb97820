<#
.SYNOPSIS
    Backs up 1,000,000 Redis keys in both modes and prints the times next to `redis-cli --rdb` on the same
    server in the same run, plus the logical restore rate in keys per second.
.DESCRIPTION
    A private redis-server (free port, password, no persistence) is filled with DEBUG POPULATE (1,000,000
    string keys, the quickest way to a large keyspace; the lab's tests cover every type). Then, in one run:
    - redis-cli --rdb <file>: the standard tool pulling the RDB over replication to a local file;
    - New-RedisBackup -Mode Rdb: the same pull streamed into a folder store, with SHA-256, header and CRC64
      checked on the way;
    - New-RedisBackup -Mode Logical: SCAN + DUMP + PTTL of every key into the record format;
    - Restore-RedisBackup of the logical backup into a second, empty server (keys per second).
    Each module run is a fresh pwsh; its peak RSS (VmHWM) is printed. Needs redis-server and redis-cli.
#>
param([int] $Keys = 1000000)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $repo 'tests/lab/PubSecLab.psm1')
$work = Join-Path $repo "out/bench/redis-$([Guid]::NewGuid().ToString('N').Substring(0, 8))"
New-Item -ItemType Directory -Force $work | Out-Null
$password = 'bench-' + [Guid]::NewGuid().ToString('N')

function Get-FreePort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-BenchRedis([string] $Name) {
    $port = Get-FreePort
    $dir = Join-Path $work $Name
    New-Item -ItemType Directory -Force $dir | Out-Null
    $process = Start-Process redis-server -PassThru -ArgumentList @('--port', "$port", '--bind', '127.0.0.1', '--dir', $dir,
        '--save', '""', '--appendonly', 'no', '--requirepass', $password, '--enable-debug-command', 'yes', '--daemonize', 'no') `
        -RedirectStandardOutput (Join-Path $dir 'out.log') -RedirectStandardError (Join-Path $dir 'err.log')
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ((Invoke-Cli $port PING) -ne 'PONG') {
        if ([DateTime]::UtcNow -gt $deadline) { throw "redis-server $Name did not start; see $dir" }
        Start-Sleep -Milliseconds 100
    }
    [pscustomobject]@{ Port = $port; Process = $process; Endpoint = "127.0.0.1:$port" }
}

function Invoke-Cli([int] $Port, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments) {
    $env:REDISCLI_AUTH = $password
    try { (& redis-cli -h 127.0.0.1 -p $Port @Arguments 2>$null) -join "`n" } finally { Remove-Item env:REDISCLI_AUTH }
}

function Invoke-Child([string] $Body) {
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $repo 'out/PubSecDr/PubSecDr.psd1')'
`$pw = ConvertTo-SecureString '$password' -AsPlainText -Force
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$result = $Body
`$seconds = `$clock.Elapsed.TotalSeconds
`$hwm = [long]((Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM:*' }) -replace '\D', '') * 1KB
[pscustomobject]@{ Seconds = `$seconds; PeakRss = `$hwm; Bytes = `$result.SizeBytes; Keys = `$result.KeyCount } | ConvertTo-Json -Compress
"@
    (Invoke-FreshPwshScript -Script $script -WorkDirectory $work | Select-Object -Last 1) | ConvertFrom-Json
}

$source = Start-BenchRedis 'source'
$target = Start-BenchRedis 'target'
try {
    Invoke-Cli $source.Port DEBUG POPULATE $Keys | Out-Null
    $dbsize = [long](Invoke-Cli $source.Port DBSIZE)
    if ($dbsize -ne $Keys) { throw "The source has $dbsize keys, not $Keys." }
    $store = Join-Path $work 'store'

    $rdbFile = Join-Path $work 'redis-cli.rdb'
    $env:REDISCLI_AUTH = $password
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & redis-cli -h 127.0.0.1 -p $source.Port --rdb $rdbFile 2>&1 | Out-Null
    $cliSeconds = $clock.Elapsed.TotalSeconds
    Remove-Item env:REDISCLI_AUTH
    if ($LASTEXITCODE -ne 0) { throw "redis-cli --rdb failed with exit code $LASTEXITCODE" }

    $rdb = Invoke-Child "New-RedisBackup '$($source.Endpoint)' -Password `$pw -Mode Rdb -Store '$store' -Name bench-rdb -Confirm:`$false -ProgressAction SilentlyContinue"
    $logical = Invoke-Child "New-RedisBackup '$($source.Endpoint)' -Password `$pw -Mode Logical -Store '$store' -Name bench-logical -Confirm:`$false -ProgressAction SilentlyContinue"
    $restore = Invoke-Child "Get-DrBackup -Store '$store' -Collection bench-logical | Restore-RedisBackup -Endpoint '$($target.Endpoint)' -Password `$pw -Confirm:`$false -ProgressAction SilentlyContinue"
    $restored = [long](Invoke-Cli $target.Port DBSIZE)
    if ($restored -ne $Keys) { throw "The restore left $restored keys, not $Keys." }

    $rdbBytes = (Get-Item $rdbFile).Length
    [pscustomobject[]]@(
        [pscustomobject]@{ Run = 'redis-cli --rdb (file)'; Seconds = [Math]::Round($cliSeconds, 2); MB = [Math]::Round($rdbBytes / 1MB, 1); KeysPerSecond = $null; PeakRssMB = $null }
        [pscustomobject]@{ Run = 'New-RedisBackup -Mode Rdb'; Seconds = [Math]::Round($rdb.Seconds, 2); MB = [Math]::Round($rdb.Bytes / 1MB, 1); KeysPerSecond = [Math]::Round($Keys / $rdb.Seconds); PeakRssMB = [Math]::Round($rdb.PeakRss / 1MB, 1) }
        [pscustomobject]@{ Run = 'New-RedisBackup -Mode Logical'; Seconds = [Math]::Round($logical.Seconds, 2); MB = [Math]::Round($logical.Bytes / 1MB, 1); KeysPerSecond = [Math]::Round($Keys / $logical.Seconds); PeakRssMB = [Math]::Round($logical.PeakRss / 1MB, 1) }
        [pscustomobject]@{ Run = 'Restore-RedisBackup (logical)'; Seconds = [Math]::Round($restore.Seconds, 2); MB = $null; KeysPerSecond = [Math]::Round($Keys / $restore.Seconds); PeakRssMB = [Math]::Round($restore.PeakRss / 1MB, 1) }
    ) | Format-Table -AutoSize | Out-Host
    Write-Host ("Rdb backup / redis-cli --rdb time: {0:N2}; logical backup / redis-cli --rdb time: {1:N2}; restore {2:N0} keys/s" -f `
            ($rdb.Seconds / $cliSeconds), ($logical.Seconds / $cliSeconds), ($Keys / $restore.Seconds))
} finally {
    foreach ($server in $source, $target) { if (-not $server.Process.HasExited) { $server.Process.Kill(); $server.Process.WaitForExit() } }
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
