# Starts and stops the local lab: two regions, each a Qdrant cluster emulator process (tests/PubSec.Dr.Lab, with its
# Kubernetes API and application stub; LabRegions.ps1), S3 (moto, LabS3.ps1) and Azure Blob (Azurite, LabAzure.ps1),
# a Redis primary with a replica (LabRedis.ps1; the secondary region's app uses the replica) and, when LabDns.ps1 is
# present, Route53 and DNS servers. The lab is described for every tool in out/lab/lab.json (keep that path and its
# shape stable; qdrant/kubernetes describe the primary region) and for -Environment cmdlets in out/lab/dr-environment.json.

$script:LabJson = Join-Path $LabOut 'lab.json'

function Invoke-LabStartTask {
    if (Test-LabRunning) {
        Write-Host "Lab already running: $LabJson"
        # A volume-reset test wipes every collection of the primary, the application's too; the drill and the
        # failover benchmark rely on that data, so it is seeded again when absent (as a fresh start would).
        $running = Get-Content $LabJson -Raw | ConvertFrom-Json
        Initialize-LabAppCollections $running.regions $running.qdrant.apiKey
        return
    }
    $labDll = Join-Path $Out "bin/PubSec.Dr.Lab/$Configuration/net10.0/PubSec.Dr.Lab.dll"
    if (-not (Test-Path $labDll)) {
        Invoke-Native dotnet @('build', (Join-Path $Root 'tests/PubSec.Dr.Lab'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    }
    New-Item -ItemType Directory -Force $LabOut | Out-Null
    $apiKey = Get-LabApiKey

    # Redis before the emulators: each region's app stub checks its Redis (primary: the primary, secondary: the replica).
    $redis = Start-LabRedis
    $appPort = Get-LabAppPort
    $regionRedis = @{ primary = $redis.primary; secondary = $redis.replica }
    $processes = [ordered]@{}
    foreach ($name in $script:LabRegionNames) {
        $processes[$name] = Start-LabRegionProcess -LabDll $labDll -Layout (Get-LabRegionLayout $name) -ApiKey $apiKey -AppPort $appPort -Redis $regionRedis[$name]
    }

    $kubeconfig = Join-Path $LabOut 'kubeconfig.yaml'
    $regions = [ordered]@{}
    $ownKubeconfigs = @{}   # each emulator's single-context file, merged below
    foreach ($name in $script:LabRegionNames) {
        $layout = Get-LabRegionLayout $name
        $endpoints = Wait-LabRegion $layout $processes[$name]
        $ownKubeconfigs[$name] = $endpoints.kubernetes.kubeconfig
        $store = Join-Path $LabOut $layout.store
        New-Item -ItemType Directory -Force $store | Out-Null
        $regions[$name] = [ordered]@{
            qdrant       = [ordered]@{
                apiKey   = $apiKey
                admin    = $endpoints.admin
                version  = $endpoints.version
                dataPath = Join-Path $LabOut $layout.data
                nodes    = @($endpoints.nodes | ForEach-Object {
                        [ordered]@{ index = $_.index; peerId = $_.peerId; rest = $_.rest; grpc = $_.grpc; storagePath = $_.storagePath; snapshotsPath = $_.snapshotsPath }
                    })
            }
            kubernetes   = [ordered]@{
                kubeconfig  = $kubeconfig
                context     = $layout.context
                namespace   = $endpoints.kubernetes.namespace
                statefulSet = 'qdrant'
            }
            redis        = $regionRedis[$name]
            application  = [ordered]@{ address = $layout.address; port = $appPort; baseUrl = "http://$($layout.address):$appPort" }
            defaultStore = $store
        }
    }
    Write-LabKubeconfig -Path $kubeconfig -Regions @($script:LabRegionNames | ForEach-Object {
            [ordered]@{ context = $regions[$_].kubernetes.context; namespace = $regions[$_].kubernetes.namespace; kubeconfig = $ownKubeconfigs[$_] }
        })
    Initialize-LabAppCollections $regions $apiKey

    $primary = $regions.primary
    $lab = [ordered]@{
        qdrant       = $primary.qdrant
        defaultStore = $primary.defaultStore
    }
    $lab.azure = Start-LabAzurite
    # The primary region's emulated cluster: its StatefulSet drives the Qdrant nodes above (tests/PubSec.Dr.Lab/README.md).
    $lab.kubernetes = [ordered]@{
        kubeconfig  = $kubeconfig
        context     = $primary.kubernetes.context
        namespace   = $primary.kubernetes.namespace
        statefulSet = 'qdrant'
    }
    $lab.s3 = Start-LabS3
    $lab.redis = $redis
    $lab.regions = $regions
    if (Get-Command Start-LabDns -ErrorAction Ignore) {
        # LabDns.ps1 (when present) keeps its zone in the lab's moto and returns the lab.json sections route53 and dns.
        $dnsParameters = @{}
        $dnsCommand = Get-Command Start-LabDns
        if ($dnsCommand.Parameters.ContainsKey('Moto')) { $dnsParameters.Moto = $lab.s3.endpoint }
        if ($dnsCommand.Parameters.ContainsKey('Lab')) { $dnsParameters.Lab = $lab }
        $dnsSections = Start-LabDns @dnsParameters
        foreach ($key in 'route53', 'dns') {
            if ($dnsSections -is [System.Collections.IDictionary] -and $dnsSections[$key]) { $lab[$key] = $dnsSections[$key] }
            elseif ($dnsSections -and $dnsSections.PSObject.Properties[$key]) { $lab[$key] = $dnsSections.$key }
        }
    }
    $lab | ConvertTo-Json -Depth 8 | Set-Content $LabJson
    Write-LabEnvironmentFile -Lab $lab -Path (Join-Path $LabOut 'dr-environment.json')
    Write-Host "  Lab ready: $LabJson (environment file $(Join-Path $LabOut 'dr-environment.json'))"
}

function Invoke-LabStopTask {
    foreach ($name in $script:LabRegionNames) { Stop-LabRegionProcess (Get-LabRegionLayout $name) }
    if (Get-Command Stop-LabDns -ErrorAction Ignore) { Stop-LabDns }
    Stop-LabS3
    Stop-LabAzurite
    Stop-LabRedis
    Remove-Item $LabJson, (Join-Path $LabOut 'dr-environment.json') -ErrorAction Ignore
}

function Test-LabRunning {
    (Test-Path $LabJson) -and (Get-LabRecordedProcess 'qdrant')
}

function Read-LabPid([string] $Name) {
    # The PID a lab service recorded in out/lab/<Name>.pid, or $null. Only its first line: a lab started while
    # dnsmasq still wrote its own PID into its record holds that PID twice, and LabStop must still stop it.
    $pidFile = Join-Path $LabOut "$Name.pid"
    if (Test-Path $pidFile) { [int](Get-Content $pidFile -TotalCount 1) }
}

function Get-LabRecordedProcess([string] $Name) {
    $id = Read-LabPid $Name
    if ($null -ne $id) { Get-Process -Id $id -ErrorAction Ignore }
}

function Stop-LabRecordedProcess([string] $Name, [string] $Label) {
    # Stops only the process this lab recorded under out/lab/<Name>.pid, never one another user started, and
    # removes the record.
    $process = Get-LabRecordedProcess $Name
    if ($process) {
        Write-Host "  Stopping $Label (pid $($process.Id))"
        Stop-LabProcess $process
    }
    Remove-Item (Join-Path $LabOut "$Name.pid") -ErrorAction Ignore
}

function Stop-LabProcess([System.Diagnostics.Process] $Process) {
    # SIGCONT first: a process a test paused (SIGSTOP, as the Redis replica tests do) cannot handle SIGTERM.
    # Then SIGTERM so the emulator removes its endpoints file and flushes state; kill only if it hangs.
    & kill -CONT $Process.Id 2>$null
    & kill -TERM $Process.Id 2>$null
    if (-not $Process.WaitForExit(15000)) { $Process.Kill($true); $Process.WaitForExit() }
}

function Get-LabApiKey {
    # A lab-only credential, new for each data folder; never a real secret. Both regions share it.
    $keyFile = Join-Path $LabOut 'qdrant.key'
    if (-not (Test-Path $keyFile)) {
        Set-Content $keyFile ('lab-' + [Guid]::NewGuid().ToString('N'))
    }
    (Get-Content $keyFile -Raw).Trim()
}
