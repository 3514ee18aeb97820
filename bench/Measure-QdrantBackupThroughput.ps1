<#
.SYNOPSIS
    Backs up a ~50 MB and a ~1 GB Qdrant collection (3 shards on 3 nodes) to a folder store and compares the
    module with curl doing the same fetch, in one run: throughput, where the module's time went, peak RSS.
.DESCRIPTION
    For each size, in this order on the same collection and disk:
    - module: `New-QdrantBackup -Store <folder>` in a fresh pwsh, timed after Import-Module (below 1 GB it then
      runs again in the same session: the warm figure, INFO). It snapshots every node,
      downloads, hashes (SHA-256), walks the tar, fsyncs each part and writes the manifest; the backup's Timings
      give the time per phase (summed over the parts, which run side by side) and each phase's own MB/s.
    - curl in parallel: a shell script has every node create its snapshot (wait=true) and fetches all of them with
      curl at once. No hash, no tar walk, no fsync: the throughput ceiling the module is compared with.
    - curl one node at a time: the plan's procedure (dr-plan 1.1) node after node, for reference.
    Pass: the module reaches >= 0.75x the parallel curl's throughput at 1 GB and >= 0.5x at 50 MB. Peak RSS
    (VmHWM of the fresh pwsh) is recorded for the Bench task's rule (within 200 MB of the 50 MB backup's).
    Needs the lab: dotnet pwsh ./build.ps1 -Task Bench (starts it), or LabStart first.
#>
param([long[]] $SizeBytes = @(50MB, 1GB), [int] $ShardNumber = 3)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $repo 'tests/lab/PubSecLab.psm1')
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1')
$lab = Get-LabConfig
$work = Join-Path $repo 'out/bench'
New-Item -ItemType Directory -Force $work | Out-Null
$bench = 'QdrantBackup'

function Measure-Curl([string] $Collection, [switch] $Parallel) {
    # One bash script, so the timing holds no PowerShell overhead: each node creates its snapshot and curl fetches it.
    $target = Join-Path $work "curl-$Collection"
    New-Item -ItemType Directory -Force $target | Out-Null
    $nodes = $lab.qdrant.nodes | ForEach-Object { $_.rest.TrimEnd('/') }
    $fetch = 'fetch() { name=$(curl -sS -f -X POST -H "api-key: $KEY" "$1/collections/$COLLECTION/snapshots?wait=true" | grep -o ''"name":"[^"]*"'' | cut -d''"'' -f4) && curl -sS -f -o "$2/$(basename $1 | tr : _)-$name" -H "api-key: $KEY" "$1/collections/$COLLECTION/snapshots/$name" && echo "$1 $name" >> "$2/made"; }'
    $calls = if ($Parallel) { ($nodes | ForEach-Object { "fetch $_ `"$target`" &" }) + 'wait' } else { $nodes | ForEach-Object { "fetch $_ `"$target`"" } }
    $script = @($fetch) + $calls
    # `times` last (not in a pipe, whose subshell has no children): its second line is the CPU the script's
    # children (the curls) used, user then system.
    $script += "times > '$target/cpu'"
    $env:KEY = $lab.qdrant.apiKey; $env:COLLECTION = $Collection
    $labCpu = Get-LabServiceCpuSeconds qdrant
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $script -join "`n" | & bash
    $seconds = $clock.Elapsed.TotalSeconds
    $labCpu = (Get-LabServiceCpuSeconds qdrant) - $labCpu
    if ($LASTEXITCODE -ne 0) { throw "curl script failed with exit code $LASTEXITCODE" }
    $cpu = ((Get-Content (Join-Path $target 'cpu'))[1] -split ' ' | ForEach-Object { if ($_ -match '^(\d+)m([\d.]+)s$') { [int]$Matches[1] * 60 + [double]$Matches[2] } } | Measure-Object -Sum).Sum
    $made = Get-Content (Join-Path $target 'made')
    if ($made.Count -ne $nodes.Count) { throw "curl fetched $($made.Count) of $($nodes.Count) snapshots." }
    $bytes = (Get-ChildItem $target -Filter '*.snapshot' | Measure-Object Length -Sum).Sum
    foreach ($line in $made) {
        $uri, $name = $line -split ' '
        $node = [array]::IndexOf([string[]]$nodes, $uri)
        Invoke-LabQdrant DELETE "collections/$Collection/snapshots/$name" -Node $node | Out-Null
    }
    Remove-Item $target -Recurse -Force
    [pscustomobject]@{ Bytes = $bytes; Seconds = $seconds; CpuSeconds = $cpu; LabCpuSeconds = $labCpu }
}

$rows = foreach ($size in $SizeBytes) {
    $case = if ($size -ge 1GB) { '{0:0.#} GB' -f ($size / 1GB) } else { '{0:0} MB' -f ($size / 1MB) }
    $name = "bench-backup-$([Math]::Round($size / 1MB))mb"
    $store = Join-Path $work "store-$name"
    Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = [long]($size / $ShardNumber) } | Out-Null
    try {
        # One shard per node and no replicas: each node's part carries a third of the bytes.
        New-LabCollection -Name $name -ShardNumber $ShardNumber -ReplicationFactor 1 -PointCount 300
        if (Test-Path $store) { Remove-Item $store -Recurse -Force }
        # Below 1 GB the same child then backs up again, warm (INFO): what is left once the process, the connections
        # and the code are warm, i.e. how much of the cold figure is the fresh process a CronJob pays every time.
        $again = if ($size -lt 1GB) { 'true' } else { 'false' }
        # The child reads the Qdrant emulator's CPU around its cold backup, with the same function as here.
        $module = Invoke-BenchChild -WorkDirectory $work -Prelude "Import-Module '$(Join-Path $PSScriptRoot 'BenchSupport.psm1')'" -Body @"
`$cpu = Get-CpuSeconds
`$labBefore = Get-LabServiceCpuSeconds qdrant
`$first = [Diagnostics.Stopwatch]::StartNew()
`$b = New-QdrantBackup @nodes -Collection $name -Store '$store'
`$coldSeconds = `$first.Elapsed.TotalSeconds
`$coldCpu = (Get-CpuSeconds) - `$cpu
`$coldLabCpu = (Get-LabServiceCpuSeconds qdrant) - `$labBefore
# The peak RSS of the cold backup alone (the memory rule's baseline), read before the warm run can raise it.
`$coldPeak = Get-PeakRss
`$warm = if (`$$again) {
    `$cpu = Get-CpuSeconds
    `$second = [Diagnostics.Stopwatch]::StartNew()
    `$w = New-QdrantBackup @nodes -Collection $name -Store '$store'
    [pscustomobject]@{ Seconds = `$second.Elapsed.TotalSeconds; CpuSeconds = (Get-CpuSeconds) - `$cpu; Bytes = `$w.SizeBytes; Status = `$w.Status.ToString() }
}
[pscustomobject]@{ Bytes = `$b.SizeBytes; Status = `$b.Status.ToString(); Timings = `$b.Timings; Seconds = `$coldSeconds; CpuSeconds = `$coldCpu; LabCpuSeconds = `$coldLabCpu; PeakRss = `$coldPeak; Warm = `$warm }
"@
        $parallel = Measure-Curl $name -Parallel
        $serial = Measure-Curl $name
    } finally {
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } | Out-Null
        Invoke-LabQdrant DELETE "collections/$name" | Out-Null
        if (Test-Path $store) { Remove-Item $store -Recurse -Force }
    }
    if ($module.Result.Status -ne 'Succeeded') { throw "The $case backup ended $($module.Result.Status)." }

    $moduleRate = $module.Result.Bytes / 1MB / $module.Result.Seconds
    $curlRate = $parallel.Bytes / 1MB / $parallel.Seconds
    $ratio = $moduleRate / $curlRate
    $min = if ($size -ge 1GB) { 0.75 } else { 0.5 }
    Write-Host ("`n{0}: module {1:N2} s ({2:N1} MB/s), curl parallel {3:N2} s ({4:N1} MB/s), curl one node at a time {5:N2} s ({6:N1} MB/s), peak RSS {7:N1} MB" -f `
            $case, $module.Result.Seconds, $moduleRate, $parallel.Seconds, $curlRate, $serial.Seconds, ($serial.Bytes / 1MB / $serial.Seconds), ($module.Result.PeakRss / 1MB))
    $module.Result.Timings | Select-Object Phase, @{ n = 'Seconds'; e = { [Math]::Round($_.Seconds, 3) } }, @{ n = 'MB'; e = { [Math]::Round($_.Bytes / 1MB, 1) } },
        @{ n = 'MBps'; e = { $_.MegabytesPerSecond } } | Format-Table -AutoSize | Out-Host
    foreach ($phase in $module.Result.Timings) {
        $null = Add-BenchResult -Bench $bench -Case $case -Measure "phase: $($phase.Phase) s" -Value $phase.Seconds -Unit 's'
    }
    Add-BenchResult -Bench $bench -Case $case -Measure 'module MB/s' -Value $moduleRate -Unit 'MB/s'
    if ($module.Result.Warm) {
        if ($module.Result.Warm.Status -ne 'Succeeded') { throw "The warm $case backup ended $($module.Result.Warm.Status)." }
        Write-Host ("{0}: the same backup again in the same session (warm): {1:N2} s, module CPU {2:N2} s" -f $case, $module.Result.Warm.Seconds, $module.Result.Warm.CpuSeconds)
        # Cold minus warm CPU is what the fresh process pays (JIT above all) for the same bytes.
        Add-BenchResult -Bench $bench -Case $case -Measure 'CPU s: module warm (2nd in session)' -Value $module.Result.Warm.CpuSeconds -Unit 's'
        Add-BenchResult -Bench $bench -Case $case -Measure 'module warm (2nd in session) / curl parallel' -Value (($module.Result.Warm.Bytes / 1MB / $module.Result.Warm.Seconds) / $curlRate)
    }
    Add-BenchResult -Bench $bench -Case $case -Measure 'curl parallel MB/s' -Value $curlRate -Unit 'MB/s'
    Add-BenchResult -Bench $bench -Case $case -Measure 'curl one node at a time MB/s' -Value ($serial.Bytes / 1MB / $serial.Seconds) -Unit 'MB/s'
    # Where the machine's CPU went (INFO): the module and the Qdrant emulator share these cores, so the module's cold
    # backup cannot end before (its CPU + the emulator's CPU meanwhile) / cores; the ceiling is the best ratio that
    # leaves, on this machine, for the same work.
    $cores = [Environment]::ProcessorCount
    $floor = ($module.Result.CpuSeconds + $module.Result.LabCpuSeconds) / $cores
    Write-Host ("{0}: CPU seconds: module {1:N2} (Qdrant emulator meanwhile {2:N2}), curl parallel {3:N2} (emulator {4:N2}); on {5} cores the module cannot end before {6:N2} s: ceiling {7:N2}x" -f `
            $case, $module.Result.CpuSeconds, $module.Result.LabCpuSeconds, $parallel.CpuSeconds, $parallel.LabCpuSeconds, $cores, $floor, ($parallel.Seconds / $floor))
    Add-BenchResult -Bench $bench -Case $case -Measure 'CPU s: module (cold backup, all threads)' -Value $module.Result.CpuSeconds -Unit 's'
    Add-BenchResult -Bench $bench -Case $case -Measure 'CPU s: Qdrant emulator during the module' -Value $module.Result.LabCpuSeconds -Unit 's'
    Add-BenchResult -Bench $bench -Case $case -Measure 'CPU s: curl parallel' -Value $parallel.CpuSeconds -Unit 's'
    Add-BenchResult -Bench $bench -Case $case -Measure 'CPU s: Qdrant emulator during curl parallel' -Value $parallel.LabCpuSeconds -Unit 's'
    Add-BenchResult -Bench $bench -Case $case -Measure "ceiling on $cores cores: curl s / ((module + emulator CPU) / cores)" -Value ($parallel.Seconds / $floor) -Unit 'x'
    Add-BenchResult -Bench $bench -Case $case -Measure 'module / curl parallel' -Value $ratio -Target ">= $min" -Verdict (Get-BenchVerdict ($ratio -ge $min))
    Add-BenchResult -Bench $bench -Case $case -Measure 'PeakRssMB' -Value ($module.Result.PeakRss / 1MB) -Unit 'MB'
}

$rows | Format-Table -AutoSize | Out-Host
if ($rows | Where-Object Verdict -eq 'FAIL') { exit 1 }
