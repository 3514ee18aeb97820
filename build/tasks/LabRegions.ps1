# The lab's two regions: each is one Qdrant emulator process (tests/PubSec.Dr.Lab) with its own 3 nodes, its own
# emulated Kubernetes API and its application stub. The primary keeps the historical data folder (out/lab/qdrant) and
# pid file (qdrant.pid); the secondary lives in out/lab/secondary. Both contexts go into one kubeconfig.

$script:LabRegionNames = 'primary', 'secondary'

function Get-LabRegionLayout([string] $Name) {
    # Where each region lives and what it is called; the app stubs' addresses stand for the regions' public IPs.
    switch ($Name) {
        'primary' { [ordered]@{ name = 'primary'; data = 'qdrant'; log = 'qdrant'; context = 'primary-region'; address = '127.0.0.2'; store = 'backups' } }
        'secondary' { [ordered]@{ name = 'secondary'; data = 'secondary'; log = 'secondary'; context = 'secondary-region'; address = '127.0.0.3'; store = 'backups-secondary' } }
        default { throw "Unknown lab region '$Name'." }
    }
}

function Start-LabRegionProcess {
    # Starts one region's emulator; returns the process. Readiness is awaited by Wait-LabRegion.
    param([string] $LabDll, [hashtable] $Layout, [string] $ApiKey, [int] $AppPort, [string] $Redis)
    $data = Join-Path $LabOut $Layout.data
    New-Item -ItemType Directory -Force $data | Out-Null
    Remove-Item (Join-Path $data 'endpoints.json') -ErrorAction Ignore
    # The Redis password goes by file (the one LabRedis.ps1 keeps), never on the command line where ps shows it.
    $arguments = @($LabDll, '--data', $data, '--nodes', '3', '--api-key', $ApiKey,
        '--kube-context', $Layout.context, '--region', $Layout.name,
        '--app-address', $Layout.address, '--app-port', "$AppPort", '--app-redis', $Redis,
        '--app-redis-password-file', (Join-Path $LabOut 'redis.key'), '--app-collection', 'documents')
    Write-Host "  Starting the $($Layout.name) region's emulator (3 Qdrant nodes, Kubernetes context $($Layout.context), app on $($Layout.address):$AppPort)"
    $process = Start-Process dotnet -PassThru -ArgumentList $arguments `
        -RedirectStandardOutput (Join-Path $LabOut "$($Layout.log).log") -RedirectStandardError (Join-Path $LabOut "$($Layout.log).err.log")
    Set-Content (Join-Path $LabOut "$($Layout.log).pid") $process.Id
    $process
}

function Wait-LabRegion([hashtable] $Layout, [System.Diagnostics.Process] $Process) {
    # Returns the region's endpoints.json once the emulator wrote it (every listener, the app stub included, is up).
    $endpoints = Join-Path (Join-Path $LabOut $Layout.data) 'endpoints.json'
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path $endpoints)) {
        if ($Process.HasExited) { throw "The $($Layout.name) region's emulator exited with code $($Process.ExitCode); see $(Join-Path $LabOut "$($Layout.log).err.log")." }
        if ([DateTime]::UtcNow -gt $deadline) { throw "The $($Layout.name) region's emulator did not report its endpoints within 60 s; see $(Join-Path $LabOut "$($Layout.log).log")." }
        Start-Sleep -Milliseconds 200
    }
    Get-Content $endpoints -Raw | ConvertFrom-Json
}

function Stop-LabRegionProcess([hashtable] $Layout) { Stop-LabRecordedProcess $Layout.log "the $($Layout.name) region's emulator" }

function Get-LabAppPort {
    # One port free on both app addresses: the regions' stubs share it, as one public URL (DNS name:port) does.
    for ($attempt = 0; $attempt -lt 20; $attempt++) {
        $first = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse('127.0.0.2'), 0)
        $first.Start()
        $port = $first.LocalEndpoint.Port
        $second = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse('127.0.0.3'), $port)
        try { $second.Start(); $second.Stop(); return $port }
        catch { continue }
        finally { $first.Stop() }
    }
    throw 'No port was free on both 127.0.0.2 and 127.0.0.3 after 20 attempts.'
}

function Get-LabKubeconfigParts([string] $Path) {
    # The emulator writes a fixed-shape kubeconfig (tests/PubSec.Dr.Lab/Kubernetes/KubeconfigFile.cs): one cluster,
    # one token user, one certificate user.
    $text = Get-Content $Path -Raw
    $parts = [ordered]@{}
    foreach ($field in 'server', 'certificate-authority-data', 'token', 'client-certificate-data', 'client-key-data') {
        $match = [regex]::Match($text, "(?m)^\s*$([regex]::Escape($field)):\s*`"?([^`"\s]+)")
        if (-not $match.Success) { throw "$Path has no '$field'; the emulator's kubeconfig changed shape." }
        $parts[$field] = $match.Groups[1].Value
    }
    $parts
}

function Write-LabKubeconfig([object[]] $Regions, [string] $Path) {
    # One kubeconfig for both regions, as an operator's ~/.kube/config holds both clusters: per region a cluster, a
    # token user and a certificate user, contexts <context> and <context>-certificate; current context = the first.
    # Written by hand because both emulators name their cluster and users alike, so `kubectl config view --flatten`
    # would merge them into one.
    $clusters = [System.Text.StringBuilder]::new()
    $users = [System.Text.StringBuilder]::new()
    $contexts = [System.Text.StringBuilder]::new()
    foreach ($region in $Regions) {
        $name = $region.context
        $parts = Get-LabKubeconfigParts $region.kubeconfig
        [void]$clusters.Append("- name: $name`n  cluster:`n    server: `"$($parts.server)`"`n    certificate-authority-data: $($parts.'certificate-authority-data')`n")
        [void]$users.Append("- name: $name-admin`n  user:`n    token: `"$($parts.token)`"`n")
        [void]$users.Append("- name: $name-admin-certificate`n  user:`n    client-certificate-data: $($parts.'client-certificate-data')`n    client-key-data: $($parts.'client-key-data')`n")
        [void]$contexts.Append("- name: $name`n  context:`n    cluster: $name`n    user: $name-admin`n    namespace: $($region.namespace)`n")
        [void]$contexts.Append("- name: $name-certificate`n  context:`n    cluster: $name`n    user: $name-admin-certificate`n    namespace: $($region.namespace)`n")
    }
    $yaml = "apiVersion: v1`nkind: Config`nclusters:`n$clusters" + "users:`n$users" + "contexts:`n$contexts" +
        "current-context: $($Regions[0].context)`npreferences: {}`n"
    # It holds tokens and private keys: create it private before writing.
    Remove-Item $Path -ErrorAction Ignore
    New-Item -ItemType File $Path | Out-Null
    if (-not $IsWindows) { & chmod 600 $Path }
    [IO.File]::WriteAllText($Path, $yaml)
}
