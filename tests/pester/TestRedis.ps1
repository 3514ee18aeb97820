# Redis helpers: redis-cli against the lab's primary, and private redis-servers for tests that must not touch the
# lab's data (they are started on a free port in a folder of the test's own and stopped by the test).

function Invoke-LabRedisCli([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments) {
    # The password goes through REDISCLI_AUTH, never on the command line where ps would show it.
    $lab = (Get-LabConfig).redis
    $h, $port = $lab.primary -split ':'
    $env:REDISCLI_AUTH = $lab.password
    try { redis-cli -h $h -p $port @Arguments | Out-Null } finally { Remove-Item Env:REDISCLI_AUTH }
}

function Start-PrivateRedis([Parameter(Mandatory)] [string] $Directory, [string] $Password) {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $port = $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    $arguments = @('--port', $port, '--bind', '127.0.0.1', '--save', '""', '--appendonly', 'no', '--dir', $Directory)
    if ($Password) { $arguments += '--requirepass', $Password }
    $process = Start-Process redis-server -PassThru -RedirectStandardOutput (Join-Path $Directory "redis-$port.log") -ArgumentList $arguments
    $auth = if ($Password) { @('-a', $Password, '--no-auth-warning') } else { @() }
    # A busy machine can take seconds to start it; a server that never answers fails here, not as a wrong count later.
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ((redis-cli -p $port @auth PING 2>$null) -ne 'PONG') {
        if ([DateTime]::UtcNow -gt $deadline) { throw "redis-server on port $port did not answer PING within 30 s" }
        Start-Sleep -Milliseconds 100
    }
    [pscustomobject]@{ Port = $port; Endpoint = "127.0.0.1:$port"; Process = $process }
}
