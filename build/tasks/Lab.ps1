# Starts and stops the local lab: the Qdrant cluster emulator (tests/PubSec.Dr.Lab), S3 (moto, LabS3.ps1) and
# Azure Blob (Azurite, LabAzure.ps1) and a Redis primary with a replica (LabRedis.ps1).
# The lab is described for every tool in out/lab/lab.json; keep that path and its shape stable.

$script:LabJson = Join-Path $LabOut 'lab.json'

function Invoke-LabStartTask {
    if (Test-LabRunning) { Write-Host "Lab already running: $LabJson"; return }
    $labDll = Join-Path $Out "bin/PubSec.Dr.Lab/$Configuration/net10.0/PubSec.Dr.Lab.dll"
    if (-not (Test-Path $labDll)) {
        Invoke-Native dotnet @('build', (Join-Path $Root 'tests/PubSec.Dr.Lab'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    }

    $qdrantData = Join-Path $LabOut 'qdrant'
    New-Item -ItemType Directory -Force $qdrantData | Out-Null
    $endpoints = Join-Path $qdrantData 'endpoints.json'
    Remove-Item $endpoints -ErrorAction Ignore
    $apiKey = Get-LabApiKey

    Write-Host '  Starting the Qdrant emulator (3 nodes)'
    $process = Start-Process dotnet -PassThru -ArgumentList @($labDll, '--data', $qdrantData, '--nodes', '3', '--api-key', $apiKey) `
        -RedirectStandardOutput (Join-Path $LabOut 'qdrant.log') -RedirectStandardError (Join-Path $LabOut 'qdrant.err.log')
    Set-Content (Join-Path $LabOut 'qdrant.pid') $process.Id

    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path $endpoints)) {
        if ($process.HasExited) { throw "The Qdrant emulator exited with code $($process.ExitCode); see $(Join-Path $LabOut 'qdrant.err.log')." }
        if ([DateTime]::UtcNow -gt $deadline) { throw "The Qdrant emulator did not report its endpoints within 60 s; see $(Join-Path $LabOut 'qdrant.log')." }
        Start-Sleep -Milliseconds 200
    }

    $qdrant = Get-Content $endpoints -Raw | ConvertFrom-Json
    $lab = [ordered]@{
        qdrant = [ordered]@{
            apiKey  = $apiKey
            admin   = $qdrant.admin
            version = $qdrant.version
            dataPath = $qdrantData
            nodes   = @($qdrant.nodes | ForEach-Object {
                    [ordered]@{ index = $_.index; peerId = $_.peerId; rest = $_.rest; grpc = $_.grpc; storagePath = $_.storagePath; snapshotsPath = $_.snapshotsPath }
                })
        }
        defaultStore = (Join-Path $LabOut 'backups')
    }
    $lab.azure = Start-LabAzurite
    if ($qdrant.kubernetes) {
        # The lab's emulated cluster: its StatefulSet drives the Qdrant nodes above (tests/PubSec.Dr.Lab/README.md).
        $lab.kubernetes = [ordered]@{
            kubeconfig  = $qdrant.kubernetes.kubeconfig
            context     = $qdrant.kubernetes.context
            namespace   = $qdrant.kubernetes.namespace
            statefulSet = 'qdrant'
        }
    }
    $lab.s3 = Start-LabS3
    $dns = Start-LabDns -Moto $lab.s3.endpoint; $lab.route53 = $dns.route53; $lab.dns = $dns.dns
    $lab.redis = Start-LabRedis
    $lab | ConvertTo-Json -Depth 6 | Set-Content $LabJson
    Write-Host "  Lab ready: $LabJson"
}

function Invoke-LabStopTask {
    $pidFile = Join-Path $LabOut 'qdrant.pid'
    if (Test-Path $pidFile) {
        $id = [int](Get-Content $pidFile)
        $process = Get-Process -Id $id -ErrorAction Ignore
        if ($process) {
            Write-Host "  Stopping the Qdrant emulator (pid $id)"
            Stop-LabProcess $process
        }
        Remove-Item $pidFile
    }
    Stop-LabDns
    Stop-LabS3
    Stop-LabAzurite
    Stop-LabRedis
    Remove-Item $LabJson -ErrorAction Ignore
}

function Test-LabRunning {
    $pidFile = Join-Path $LabOut 'qdrant.pid'
    (Test-Path $LabJson) -and (Test-Path $pidFile) -and (Get-Process -Id ([int](Get-Content $pidFile)) -ErrorAction Ignore)
}

function Stop-LabProcess([System.Diagnostics.Process] $Process) {
    # SIGTERM first so the emulator removes its endpoints file and flushes state; kill only if it hangs.
    & kill -TERM $Process.Id 2>$null
    if (-not $Process.WaitForExit(15000)) { $Process.Kill($true); $Process.WaitForExit() }
}

function Get-LabApiKey {
    # A lab-only credential, new for each data folder; never a real secret.
    $keyFile = Join-Path $LabOut 'qdrant.key'
    if (-not (Test-Path $keyFile)) {
        Set-Content $keyFile ('lab-' + [Guid]::NewGuid().ToString('N'))
    }
    (Get-Content $keyFile -Raw).Trim()
}
