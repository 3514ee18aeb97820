# The lab's Redis: a real redis-server primary and a replica of it (replicaof), password-protected, on free
# loopback ports, plus a scratch server for drills (role "drill": same password, replicates nothing, holds nothing;
# dr-environment.json names it drillRedis of both regions, so drills restore into it, promote it and FLUSHALL it,
# never the primary or replica). Described under "redis" in out/lab/lab.json. The password is a lab-only value.

$script:LabRedisRoles = 'primary', 'replica', 'drill'

function Start-LabRedis {
    # Starts the primary, then the replica pointing at it, waits until the replica's link is up, and returns
    # the lab.json "redis" section.
    $server = Get-Command redis-server -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $server) { throw 'redis-server is not on PATH; run: dotnet pwsh ./build.ps1 -Task Bootstrap (Debian: apt-get install -y redis-server redis-tools)' }

    # A server left by a run that died before LabStop would otherwise keep its port forever.
    Stop-LabRedis
    $password = Get-LabRedisPassword
    $ports = @{}
    foreach ($role in $script:LabRedisRoles) {
        $ports[$role] = Get-LabFreePort
        $data = Join-Path $LabOut "redis-$role"
        # The drill server starts empty: a drill copy that followed the primary left the synced dump.rdb there, which a restart would load.
        if ($role -eq 'drill') { Remove-Item $data -Recurse -Force -ErrorAction Ignore }
        New-Item -ItemType Directory -Force $data | Out-Null
        $arguments = @('--port', "$($ports[$role])", '--bind', '127.0.0.1', '--dir', $data, '--dbfilename', 'dump.rdb',
            '--save', '""', '--appendonly', 'no', '--requirepass', $password, '--masterauth', $password, '--daemonize', 'no',
            '--logfile', (Join-Path $LabOut "redis-$role.log"))
        if ($role -eq 'replica') { $arguments += @('--replicaof', '127.0.0.1', "$($ports.primary)") }
        Write-Host "  Starting Redis $role on 127.0.0.1:$($ports[$role])"
        # Start-Process joins the arguments into one command line, so the empty --save value needs its quotes.
        $process = Start-Process $server.Source -PassThru -ArgumentList $arguments `
            -RedirectStandardOutput (Join-Path $LabOut "redis-$role.out.log") -RedirectStandardError (Join-Path $LabOut "redis-$role.err.log")
        Set-Content (Join-Path $LabOut "redis-$role.pid") $process.Id
    }

    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ((Invoke-LabRedisCli $ports.replica $password INFO replication) -notmatch 'master_link_status:up') {
        if ([DateTime]::UtcNow -gt $deadline) { throw "The lab's Redis replica did not link to its primary within 30 s; see $(Join-Path $LabOut 'redis-replica.log')." }
        Start-Sleep -Milliseconds 200
    }

    [ordered]@{
        primary  = "127.0.0.1:$($ports.primary)"
        replica  = "127.0.0.1:$($ports.replica)"
        drill    = "127.0.0.1:$($ports.drill)"
        password = $password
        primaryDataPath = Join-Path $LabOut 'redis-primary'
        replicaPid = Read-LabPid 'redis-replica'
    }
}

function Stop-LabRedis {
    foreach ($role in $script:LabRedisRoles) { Stop-LabRecordedProcess "redis-$role" "Redis $role" }
}

function Invoke-LabRedisCli([int] $Port, [string] $Password, [Parameter(ValueFromRemainingArguments)] [string[]] $Command) {
    # REDISCLI_AUTH keeps the password off the command line (and out of ps).
    $env:REDISCLI_AUTH = $Password
    try { (& redis-cli -h 127.0.0.1 -p $Port @Command 2>$null) -join "`n" } finally { Remove-Item env:REDISCLI_AUTH }
}

function Get-LabRedisPassword {
    $file = Join-Path $LabOut 'redis.key'
    if (-not (Test-Path $file)) { Set-Content $file ('lab-' + [Guid]::NewGuid().ToString('N')) }
    (Get-Content $file -Raw).Trim()
}
