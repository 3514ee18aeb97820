# The lab's S3: a moto_server on a free loopback port with one bucket, described under "s3" in out/lab/lab.json.
# moto does not check signatures, so the lab's keys are fixed placeholders, never real credentials.

$script:LabS3Bucket = 'pubsec-dr-lab'

function Start-LabS3 {
    # Starts moto_server, waits until it answers, creates the bucket and returns the lab.json "s3" section.
    $moto = Get-Command moto_server -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    $python = Get-Command python3 -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $moto -or -not $python) {
        throw 'moto_server is not on PATH; the lab needs it for S3. Install it with: pip install "moto[server]"'
    }

    # A moto left by a run that died before LabStop would otherwise keep its port and memory forever.
    Stop-LabS3
    $port = Get-LabFreePort
    $endpoint = "http://127.0.0.1:$port"
    Write-Host "  Starting moto (S3) on $endpoint"
    # moto_server's own code, started through tests/lab/moto_atomic_server.py so that conditional writes are atomic
    # as in Amazon S3 (the audit log's appends rely on them).
    $process = Start-Process $python.Source -PassThru -ArgumentList @((Join-Path $Root 'tests/lab/moto_atomic_server.py'), '-H', '127.0.0.1', '-p', "$port") `
        -RedirectStandardOutput (Join-Path $LabOut 'moto.log') -RedirectStandardError (Join-Path $LabOut 'moto.err.log')
    Set-Content (Join-Path $LabOut 'moto.pid') $process.Id

    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        if ($process.HasExited) { throw "moto_server exited with code $($process.ExitCode); see $(Join-Path $LabOut 'moto.err.log')." }
        try {
            Invoke-WebRequest $endpoint -TimeoutSec 2 -SkipHttpErrorCheck | Out-Null
            break
        } catch {
            if ([DateTime]::UtcNow -gt $deadline) { throw "moto_server did not answer on $endpoint within 60 s; see $(Join-Path $LabOut 'moto.err.log')." }
            Start-Sleep -Milliseconds 200
        }
    }

    # A plain PUT creates the bucket: moto accepts unsigned requests.
    Invoke-WebRequest -Method Put "$endpoint/$script:LabS3Bucket" | Out-Null
    [ordered]@{
        endpoint        = $endpoint
        bucket          = $script:LabS3Bucket
        region          = 'us-east-1'
        accessKeyId     = 'lab'
        secretAccessKey = 'lab-secret'
    }
}

function Stop-LabS3 { Stop-LabRecordedProcess 'moto' 'moto' }

function Get-LabFreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}
