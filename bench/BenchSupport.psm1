<#
    What every benchmark shares: a fresh pwsh per measurement that reports its own peak RSS, and one results file
    that `build.ps1 -Task Bench` reads at the end to print the run's verdicts in one table.
    A result row: Bench (script), Case (what ran), Measure (what is compared), Value, Target (text) and Verdict
    (PASS, FAIL or INFO). Rows go to the JSON-lines file PUBSECDR_BENCH_RESULTS names; without it (a script run by
    hand) they are only returned.
#>

function Invoke-BenchChild {
    # Runs $Body in a fresh pwsh with the module imported (unless -WithoutModule: a standard client's run) and `$nodes`
    # splatting the lab's Qdrant; the body's last value is returned as JSON with Seconds (the body only, after the
    # imports and $Prelude), CpuSeconds (the process's user + system CPU over the body, every thread: JIT included)
    # and PeakRss (VmHWM, bytes; Get-PeakRss in the body reads it earlier).
    param([Parameter(Mandatory)] [string] $Body, [Parameter(Mandatory)] [string] $WorkDirectory, [string] $Prelude = '', [switch] $WithoutModule)
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
    $key = (Get-LabConfig).qdrant.apiKey
    $script = @"
`$ErrorActionPreference = 'Stop'
# The process's peak RSS so far (VmHWM, bytes); a body may read it too, e.g. before a second run raises it.
function Get-PeakRss { [long]((Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM:*' }) -replace '\D', '') * 1KB }
# The process's CPU so far (user + system, every thread), seconds; a body may time a part of itself with it.
function Get-CpuSeconds { [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds }
$(if (-not $WithoutModule) { "Import-Module '$(Join-Path $repo 'out/PubSecDr/PubSecDr.psd1')'" })
`$key = ConvertTo-SecureString '$key' -AsPlainText -Force
`$nodes = @{ QdrantUri = @('$((Get-LabQdrantUri) -join "','")'); GrpcUri = '$(Get-LabGrpcUri)'; ApiKey = `$key; Confirm = `$false; ProgressAction = 'SilentlyContinue' }
$Prelude
`$cpu = Get-CpuSeconds
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$result = & { $Body }
`$seconds = `$clock.Elapsed.TotalSeconds
`$cpuSeconds = (Get-CpuSeconds) - `$cpu
`$hwm = Get-PeakRss
[pscustomobject]@{ Result = `$result; Seconds = `$seconds; CpuSeconds = `$cpuSeconds; PeakRss = `$hwm } | ConvertTo-Json -Compress -Depth 6
"@
    (Invoke-FreshPwshScript -Script $script -WorkDirectory $WorkDirectory | Select-Object -Last 1) | ConvertFrom-Json
}

function Get-LabServiceCpuSeconds {
    # User + system CPU seconds a lab service (qdrant, moto, azurite: its out/lab/<name>.pid) has used so far, from
    # /proc: the emulator shares this machine's cores with the module, so its share bounds what the module can reach.
    param([Parameter(Mandatory)] [string] $Service)
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
    $labPid = (Get-Content -Raw (Join-Path $repo "out/lab/$Service.pid")).Trim()
    # Fields 14 and 15 (utime, stime) follow the command name, which is in parentheses and may hold spaces.
    $fields = ((Get-Content -Raw "/proc/$labPid/stat") -replace '^.*\) ', '') -split ' '
    $script:ClockTicks ??= [double](& getconf CLK_TCK)
    ([long]$fields[11] + [long]$fields[12]) / $script:ClockTicks
}

function Add-BenchResult {
    # Records one compared figure; returns the row so a script can also print it.
    param(
        [Parameter(Mandatory)] [string] $Bench,
        [Parameter(Mandatory)] [string] $Case,
        [Parameter(Mandatory)] [string] $Measure,
        [Parameter(Mandatory)] [double] $Value,
        [string] $Unit = '',
        [string] $Target = '',
        [ValidateSet('PASS', 'FAIL', 'INFO')] [string] $Verdict = 'INFO'
    )
    $row = [pscustomobject]@{ Bench = $Bench; Case = $Case; Measure = $Measure; Value = [Math]::Round($Value, 3); Unit = $Unit; Target = $Target; Verdict = $Verdict }
    if ($env:PUBSECDR_BENCH_RESULTS) {
        Add-Content -LiteralPath $env:PUBSECDR_BENCH_RESULTS -Value ($row | ConvertTo-Json -Compress)
    }
    $row
}

function Get-BenchVerdict([bool] $Pass) { if ($Pass) { 'PASS' } else { 'FAIL' } }

function Read-BenchStoreOnce {
    # On Linux a folder backup writes its parts with direct I/O, so none of their bytes is in the page cache after it.
    # Before that change a client that read them next found them in memory; the benches read a store once before
    # timing what reads it, so every client and every case starts from the same place, as they did before.
    param([Parameter(Mandatory)] [string] $Path)
    Get-ChildItem $Path -Recurse -File | ForEach-Object {
        $file = [IO.File]::OpenRead($_.FullName)
        try { $file.CopyTo([IO.Stream]::Null) } finally { $file.Dispose() }
    }
}

Export-ModuleMember -Function Invoke-BenchChild, Get-LabServiceCpuSeconds, Add-BenchResult, Get-BenchVerdict, Read-BenchStoreOnce
