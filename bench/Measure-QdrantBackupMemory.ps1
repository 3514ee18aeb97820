<#
.SYNOPSIS
    Backs up a ~50 MB and a ~1 GB Qdrant snapshot from the lab and prints the peak RSS of the pwsh process
    doing each backup, plus end-to-end throughput next to curl doing the plan's procedure in the same run.
.DESCRIPTION
    Streaming means memory does not grow with snapshot size: the 1 GB backup's peak RSS must stay within
    150 MB of the 50 MB backup's. Each backup runs in its own fresh pwsh so peaks do not carry over; the
    child reads its own VmHWM from /proc/self/status when the backup is done. curl (a standard tool) runs
    the plan's shell procedure (create snapshot, download it) on the same collection and disk as the
    throughput reference; the module also snapshots every node, hashes, reads the tar and fsyncs.
    Needs the lab: dotnet pwsh ./build.ps1 -Task Bench (starts it), or LabStart first.
#>
param([long[]] $SizeBytes = @(50MB, 1GB), [long] $AllowedGrowthBytes = 150MB)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $repo 'tests/lab/PubSecLab.psm1')
$lab = Get-LabConfig
$work = Join-Path $repo 'out/bench'
New-Item -ItemType Directory -Force $work | Out-Null

function Invoke-ChildBackup([string] $Collection, [string] $Store) {
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $repo 'out/PubSecDr/PubSecDr.psd1')'
`$key = ConvertTo-SecureString '$($lab.qdrant.apiKey)' -AsPlainText -Force
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$backup = New-QdrantBackup -QdrantUri $((Get-LabQdrantUri) -join ',') -GrpcUri $(Get-LabGrpcUri) -ApiKey `$key -Collection $Collection -Store '$Store' -Confirm:`$false -ProgressAction SilentlyContinue
`$seconds = `$clock.Elapsed.TotalSeconds
`$hwm = [long]((Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM:*' }) -replace '\D', '') * 1KB
[pscustomobject]@{ Bytes = `$backup.SizeBytes; Seconds = `$seconds; PeakRss = `$hwm; Status = `$backup.Status.ToString() } | ConvertTo-Json -Compress
"@
    (Invoke-FreshPwshScript -Script $script -WorkDirectory $work | Select-Object -Last 1) | ConvertFrom-Json
}

function Measure-CurlDownload([string] $Collection) {
    # The plan's own shell procedure (dr-plan 1.1) with a standard client, timed the same way as the module:
    # create the snapshot on the node that holds the shard, then download it to a file.
    $node = 0
    $base = "$($lab.qdrant.nodes[$node].rest.TrimEnd('/'))/collections/$Collection/snapshots"
    $target = Join-Path $work "curl-$Collection.snapshot"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $created = & curl -sS -f -X POST -H "api-key: $($lab.qdrant.apiKey)" "${base}?wait=true"
    if ($LASTEXITCODE -ne 0) { throw "curl (create) failed with exit code $LASTEXITCODE" }
    $snapshot = ($created | ConvertFrom-Json).result
    & curl -sS -f -o $target -H "api-key: $($lab.qdrant.apiKey)" "$base/$($snapshot.name)"
    $seconds = $clock.Elapsed.TotalSeconds
    if ($LASTEXITCODE -ne 0) { throw "curl (download) failed with exit code $LASTEXITCODE" }
    $bytes = (Get-Item $target).Length
    Remove-Item $target
    Invoke-LabQdrant DELETE "collections/$Collection/snapshots/$($snapshot.name)" -Node $node | Out-Null
    [pscustomobject]@{ Bytes = $bytes; Seconds = $seconds }
}

$results = foreach ($size in $SizeBytes) {
    $name = "bench-$([Math]::Round($size / 1MB))mb"
    Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = $size } | Out-Null
    try {
        # One shard on node 0 only, so one part carries the whole padded snapshot.
        New-LabCollection -Name $name -ShardNumber 1 -ReplicationFactor 1 -PointCount 100
        $store = Join-Path $work "store-$name"
        if (Test-Path $store) { Remove-Item $store -Recurse -Force }
        $module = Invoke-ChildBackup $name $store
        $curl = Measure-CurlDownload $name
    } finally {
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } | Out-Null
    }
    Remove-Item $store -Recurse -Force
    Invoke-LabQdrant DELETE "collections/$name" | Out-Null
    [pscustomobject]@{
        Snapshot        = $name
        BackupBytes     = $module.Bytes
        PeakRssMB       = [Math]::Round($module.PeakRss / 1MB, 1)
        ModuleMBps      = [Math]::Round($module.Bytes / 1MB / $module.Seconds, 1)
        CurlMBps        = [Math]::Round($curl.Bytes / 1MB / $curl.Seconds, 1)
        ModuleToCurl    = [Math]::Round(($module.Bytes / $module.Seconds) / ($curl.Bytes / $curl.Seconds), 2)
        Status          = $module.Status
    }
}

$results | Format-Table -AutoSize | Out-Host
$growth = ($results[-1].PeakRssMB - $results[0].PeakRssMB) * 1MB
$verdict = if ($growth -le $AllowedGrowthBytes) { 'PASS' } else { 'FAIL' }
Write-Host ("Peak RSS growth from {0} to {1}: {2:N1} MB (limit {3:N0} MB): {4}" -f $results[0].Snapshot, $results[-1].Snapshot, ($growth / 1MB), ($AllowedGrowthBytes / 1MB), $verdict)
if ($verdict -eq 'FAIL') { exit 1 }
