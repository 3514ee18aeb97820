# The lab's Azure Blob service: Azurite, started from out/tools/npm (Bootstrap installs it) on a free port.
# Lab.ps1 calls Start-LabAzurite / Stop-LabAzurite; the result is the "azure" section of out/lab/lab.json.

$script:LabAzureContainer = 'pubsec-dr-lab'
$script:LabAzureAccount = 'devstoreaccount1'
# Azurite's published development key: the same on every machine, not a secret.
$script:LabAzureKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

function Start-LabAzurite {
    $executable = Join-Path $Out 'tools/npm/node_modules/.bin/azurite-blob'
    if (-not (Test-Path $executable)) {
        Install-NpmPackages @('azurite@3.37.0')
    }
    if (-not (Test-Path $executable)) { throw "Azurite is missing ($executable). Run: dotnet pwsh ./build.ps1 -Task Bootstrap" }

    $data = Join-Path $LabOut 'azurite'
    New-Item -ItemType Directory -Force $data | Out-Null
    $port = Get-LabFreePort
    Write-Host "  Starting Azurite (blob, port $port)"
    # --skipApiVersionCheck: Azure.Storage.Blobs 12.30.1 sends API 2026-10-06, newer than Azurite 3.37.0 knows.
    $process = Start-Process $executable -PassThru -ArgumentList @(
        '--blobHost', '127.0.0.1', '--blobPort', $port, '--location', $data, '--silent', '--disableTelemetry', '--skipApiVersionCheck') `
        -RedirectStandardOutput (Join-Path $LabOut 'azurite.log') -RedirectStandardError (Join-Path $LabOut 'azurite.err.log')
    Set-Content (Join-Path $LabOut 'azurite.pid') $process.Id

    $endpoint = "http://127.0.0.1:$port/$script:LabAzureAccount"
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-LabAzuriteAnswers $endpoint)) {
        if ($process.HasExited) { throw "Azurite exited with code $($process.ExitCode); see $(Join-Path $LabOut 'azurite.err.log')." }
        if ([DateTime]::UtcNow -gt $deadline) { throw "Azurite did not answer on $endpoint within 60 s; see $(Join-Path $LabOut 'azurite.log')." }
        Start-Sleep -Milliseconds 200
    }

    $connectionString = "DefaultEndpointsProtocol=http;AccountName=$script:LabAzureAccount;AccountKey=$script:LabAzureKey;BlobEndpoint=$endpoint;"
    New-LabAzureContainer -Endpoint $endpoint -Name $script:LabAzureContainer
    [ordered]@{ endpoint = $endpoint; container = $script:LabAzureContainer; connectionString = $connectionString }
}

function Stop-LabAzurite { Stop-LabRecordedProcess 'azurite' 'Azurite' }

function Get-LabFreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Test-LabAzuriteAnswers([string] $Endpoint) {
    # Any HTTP answer (an auth error for this anonymous call) means the server is up.
    try {
        Invoke-WebRequest "$Endpoint`?comp=list" -SkipHttpErrorCheck -TimeoutSec 2 | Out-Null
        $true
    } catch {
        $false
    }
}

function New-LabAzureContainer([string] $Endpoint, [string] $Name) {
    # Create Container signed with Shared Key by hand, so the lab needs neither the Az module nor a build.
    $date = [DateTime]::UtcNow.ToString('R')
    $version = '2021-12-02'
    $path = ([Uri]"$Endpoint/$Name").AbsolutePath
    # Verb, then 11 empty standard headers (no body, no conditions), then x-ms-* headers and the resource.
    $stringToSign = "PUT" + ("`n" * 12) + "x-ms-date:$date`nx-ms-version:$version`n/$script:LabAzureAccount$path`nrestype:container"
    $hmac = [System.Security.Cryptography.HMACSHA256]::new([Convert]::FromBase64String($script:LabAzureKey))
    try { $signature = [Convert]::ToBase64String($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes($stringToSign))) } finally { $hmac.Dispose() }
    $headers = @{ 'x-ms-date' = $date; 'x-ms-version' = $version; Authorization = "SharedKey ${script:LabAzureAccount}:$signature" }
    $response = Invoke-WebRequest -Method Put "$Endpoint/$Name`?restype=container" -Headers $headers -SkipHttpErrorCheck
    # 409 ContainerAlreadyExists: the lab data folder survives restarts, so the container may be there already.
    if ($response.StatusCode -notin 201, 409) {
        throw "Creating the Azurite container '$Name' failed: HTTP $($response.StatusCode) $($response.Content)"
    }
}
