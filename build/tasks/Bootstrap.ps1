# Installs what a fresh machine lacks. Idempotent: every step checks first and does nothing if present.

# awscli: the tests and the bench read S3 with the Debian client; openssl: the encryption tests open CMS parts
# with the real binary; Azurite: the Azure Blob emulator of the lab; redis-server and redis-tools: the lab's
# Redis primary and replica, redis-cli --rdb and redis-check-rdb; dnsmasq-base: the lab's caching DNS resolver (the
# binary without Debian's system service); dnsutils: dig, with which the lab and its tests query DNS; chromium: the
# report test renders Export-DrReport's HTML headless to a PNG (Debian's build: no browser download at test time);
# prometheus: its promtool checks and unit-tests deploy/prometheus's rules against exported metrics (Debian ships
# promtool only in this package; the server it brings is never started by the tests).
$script:DebianPackages = @('awscli', 'openssl', 'redis-server', 'redis-tools', 'dnsmasq-base', 'dnsutils', 'chromium', 'prometheus')
$script:NpmPackages = @('azurite@3.37.0')

function Invoke-BootstrapTask {
    Push-Location $Root
    try {
        Write-Host 'Restoring local .NET tools (pwsh)'
        Invoke-Native dotnet @('tool', 'restore')

        Write-Host 'Restoring Pester from NuGet'
        Invoke-Native dotnet @('restore', (Join-Path $Root 'build/tools/BuildTools.proj'), '--verbosity', 'quiet')
        Write-Host "  Pester: $(Get-PesterManifest)"

        Install-DebianPackages $script:DebianPackages
        Install-Kubectl
        Install-NpmPackages $script:NpmPackages
        Assert-MotoServer
    } finally {
        Pop-Location
    }
}

function Assert-MotoServer {
    # The lab's S3 and the S3 store tests run moto_server; it comes from pip, not from Debian.
    if (-not (Get-Command moto_server -CommandType Application -ErrorAction Ignore)) {
        throw 'moto_server is not on PATH; the lab and the S3 tests need it. Install it with: pip install "moto[server]"'
    }
}

function Install-Kubectl {
    # The kubectl tests run the real client against the lab's API. Debian ships it as kubernetes-client (kubectl 1.20,
    # which the lab serves as well as current releases); a kubectl already on PATH is kept (the packages conflict).
    if (Get-Command kubectl -CommandType Application -ErrorAction Ignore) { return }
    Install-DebianPackages @('kubernetes-client')
}

function Install-DebianPackages([string[]] $Names) {
    $missing = @($Names | Where-Object { -not (Test-DebianPackage $_) })
    if ($missing.Count -eq 0) { return }
    if ((id -u) -ne '0') {
        throw "Missing Debian packages: $($missing -join ' '). Install them with: sudo apt-get update && sudo apt-get install -y $($missing -join ' ')"
    }
    Write-Host "Installing Debian packages: $($missing -join ' ')"
    Invoke-Native apt-get @('update', '-qq')
    Invoke-Native apt-get @(@('install', '-y', '-qq', '--no-install-recommends') + $missing)
}

function Test-DebianPackage([string] $Name) {
    $status = & dpkg-query -W -f '${Status}' $Name 2>$null
    $LASTEXITCODE -eq 0 -and $status -eq 'install ok installed'
}

function Install-NpmPackages([string[]] $Names) {
    $toolDir = Join-Path $Out 'tools/npm'
    # Names may pin a version (azurite@3.37.0); the installed folder is the name without it.
    $missing = @($Names | Where-Object { -not (Test-Path (Join-Path $toolDir "node_modules/$($_ -replace '(?<=.)@[^/]*$')")) })
    if ($missing.Count -eq 0) { return }
    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
        throw "npm is missing; install Node.js 20 (Debian: apt-get install -y nodejs npm), then run Bootstrap again."
    }
    Write-Host "Installing npm packages into ${toolDir}: $($missing -join ' ')"
    Invoke-Native npm @(@('install', '--prefix', $toolDir, '--no-audit', '--no-fund') + $missing)
}
