<#
.SYNOPSIS
    Restores ~1 GB of collection data in four layouts in one run against the same lab and compares the Restore
    step times: unreplicated over 3 nodes, replication_factor 2 and 3 over 3 nodes, and everything on one node.
.DESCRIPTION
    Issue 15 item 3: a replicated collection must restore in about the time of an unreplicated one, because each
    shard is restored from exactly one part and all parts go in parallel. Cases (3 shards unless said):
      RF1 x3 nodes   replication_factor 1: each node's part holds a third of the data (parallel upload).
      RF2 x3 nodes   replication_factor 2: each part holds two shards; each shard is sent once, the other
                     replicas are re-synced by Qdrant.
      RF3 x3 nodes   replication_factor 3: every part holds every shard; each shard is sent once.
      RF1 x1 node    1 shard on one node: one part carries all the data.
    "~1 GB" is the collection's data: the lab pads each local shard of a snapshot with walPaddingBytes, so the
    3-shard cases pad $TotalBytes/3 per shard and the 1-shard case $TotalBytes (the RF2/RF3 backups are then 2x/3x
    larger in the store, as a real replicated backup is). Each restore runs in a fresh pwsh (Invoke-BenchChild)
    with its peak RSS; MB/s is collection bytes over the Restore step's duration. Verdicts:
    'RF2/unreplicated seconds' and 'RF3/unreplicated seconds' must be <= $MaxRatio (Restore step seconds);
    '3 nodes vs 1 node' is INFO. Exits 1 when a restore fails. The machine may be shared: figures are noisy.
    Needs the lab: dotnet pwsh ./build.ps1 -Task Bench (starts it), or LabStart first.
#>
param([long] $TotalBytes = 1GB, [double] $MaxRatio = 1.25)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $repo 'tests/lab/PubSecLab.psm1')
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1')
$bench = 'QdrantRestore'
$work = Join-Path $repo 'out/bench'
New-Item -ItemType Directory -Force $work | Out-Null

function Measure-Restore([string] $Case, [string] $Name, [int] $ShardNumber, [int] $ReplicationFactor, [long] $PaddingPerShard) {
    $store = Join-Path $work "restore-store-$Name"
    if (Test-Path $store) { Remove-Item $store -Recurse -Force }
    Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = $PaddingPerShard } | Out-Null
    try {
        New-LabCollection -Name $Name -ShardNumber $ShardNumber -ReplicationFactor $ReplicationFactor -PointCount 300
        # The backup is made in the parent's lab session, not timed; the child only restores (its Seconds is the
        # whole Restore-QdrantCluster: preflight with Full integrity, restore, converge, verify).
        $backup = & {
            $child = Invoke-BenchChild -WorkDirectory $work -Body "New-QdrantBackup @nodes -Collection '$Name' -Store '$store' | ForEach-Object { [pscustomobject]@{ Id = `$_.Id; Status = `"`$(`$_.Status)`"; SizeBytes = `$_.SizeBytes } }"
            $child.Result
        }
        if ($backup.Status -ne 'Succeeded') { throw "The backup of $Name is $($backup.Status)." }
        $body = @"
`$backup = Get-DrBackup -Store '$store' -Id '$($backup.Id)'
`$result = `$backup | Restore-QdrantCluster @nodes -ThrottleLimit 3 -ErrorAction Continue
`$step = `$result.Steps | Where-Object Name -eq 'Restore'
[pscustomobject]@{ Verdict = "`$(`$result.Verdict)"; Sent = `$result.BytesUploaded; RestoreSeconds = `$step.Duration.TotalSeconds; Detail = `$step.Detail
    Failed = ((`$result.Steps | Where-Object Status -ne 'Succeeded' | Where-Object Status -ne 'Skipped' | ForEach-Object { "`$(`$_.Name): `$(`$_.Detail)" }) -join '; ') }
"@
        $labCpu = Get-LabServiceCpuSeconds qdrant
        $child = Invoke-BenchChild -WorkDirectory $work -Body $body
        $labCpu = (Get-LabServiceCpuSeconds qdrant) - $labCpu
    } finally {
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } | Out-Null
        Invoke-LabQdrant DELETE "collections/$Name" | Out-Null
        if (Test-Path $store) { Remove-Item $store -Recurse -Force }
    }
    $r = $child.Result
    [pscustomobject]@{
        Case           = $Case
        Verdict        = $r.Verdict
        DataMB         = [Math]::Round($PaddingPerShard * $ShardNumber / 1MB, 0)
        BackupMB       = [Math]::Round($backup.SizeBytes / 1MB, 0)
        SentMB         = [Math]::Round($r.Sent / 1MB, 0)
        RestoreSeconds = [Math]::Round($r.RestoreSeconds, 2)
        MBps           = [Math]::Round($PaddingPerShard * $ShardNumber / 1MB / [Math]::Max(1e-6, $r.RestoreSeconds), 1)
        TotalSeconds   = [Math]::Round($child.Seconds, 2)
        PeakRssMB      = [Math]::Round($child.PeakRss / 1MB, 0)
        CpuSeconds     = [Math]::Round($child.CpuSeconds, 2)
        LabCpuSeconds  = [Math]::Round($labCpu, 2)
        Detail         = "$($r.Detail) $($r.Failed)".Trim()
    }
}

$third = [long]($TotalBytes / 3)
$cases = @(
    Measure-Restore 'RF1 x3 nodes' 'bench-restore-rf1' 3 1 $third
    Measure-Restore 'RF2 x3 nodes' 'bench-restore-rf2' 3 2 $third
    Measure-Restore 'RF3 x3 nodes' 'bench-restore-rf3' 3 3 $third
    Measure-Restore 'RF1 x1 node' 'bench-restore-1-node' 1 1 $TotalBytes
)

$rows = foreach ($c in $cases) {
    Add-BenchResult -Bench $bench -Case $c.Case -Measure 'Restore step seconds' -Value $c.RestoreSeconds -Unit 's'
    Add-BenchResult -Bench $bench -Case $c.Case -Measure 'Restore MB/s (collection bytes)' -Value $c.MBps -Unit 'MB/s'
    Add-BenchResult -Bench $bench -Case $c.Case -Measure 'Restore-QdrantCluster seconds' -Value $c.TotalSeconds -Unit 's'
    Add-BenchResult -Bench $bench -Case $c.Case -Measure 'PeakRssMB' -Value $c.PeakRssMB -Unit 'MB' -Verdict INFO
    # The whole Restore-QdrantCluster's CPU, and the Qdrant emulator's over the same child: both share these cores.
    Add-BenchResult -Bench $bench -Case $c.Case -Measure 'CPU s: module (whole restore)' -Value $c.CpuSeconds -Unit 's'
    Add-BenchResult -Bench $bench -Case $c.Case -Measure 'CPU s: Qdrant emulator' -Value $c.LabCpuSeconds -Unit 's'
}
$unreplicated = $cases[0].RestoreSeconds
$rows += foreach ($c in $cases[1..2]) {
    $ratio = $c.RestoreSeconds / [Math]::Max(1e-6, $unreplicated)
    $label = ($c.Case -split ' ')[0]
    Add-BenchResult -Bench $bench -Case $c.Case -Measure "$label/unreplicated seconds" -Value $ratio -Unit 'x' -Target "<= $MaxRatio" -Verdict (Get-BenchVerdict ($c.Verdict -eq 'Succeeded' -and $ratio -le $MaxRatio))
}
$rows += Add-BenchResult -Bench $bench -Case 'RF1 x3 nodes' -Measure '3 nodes vs 1 node' -Value ($cases[0].MBps / [Math]::Max(1e-6, $cases[3].MBps)) -Unit 'x throughput' -Verdict INFO

$cases | Format-Table Case, Verdict, DataMB, BackupMB, SentMB, RestoreSeconds, MBps, TotalSeconds, CpuSeconds, LabCpuSeconds, PeakRssMB -AutoSize | Out-Host
$cases | ForEach-Object { Write-Host "$($_.Case): $($_.Detail)" }
$rows | Format-Table Case, Measure, Value, Unit, Target, Verdict -AutoSize | Out-Host
$failed = @($cases | Where-Object Verdict -ne 'Succeeded')
if ($failed) {
    Write-Host "Failed restores: $(($failed | ForEach-Object { "$($_.Case): $($_.Detail)" }) -join ' | ')"
    exit 1
}
