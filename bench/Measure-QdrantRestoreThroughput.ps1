<#
.SYNOPSIS
    Restores ~1 GB of collection data in four layouts in one run against the same lab and compares the Restore
    step times: unreplicated over 3 nodes, replication_factor 2 and 3 over 3 nodes, and everything on one node.
.DESCRIPTION
    Issue 15 item 3: a replicated collection must restore in about the time of an unreplicated one. Each shard is
    restored from exactly one part, from as few parts as cover every shard; the nodes of a replicated collection
    recover one at a time (see QdrantRestoreEngine.PlanUploads), Qdrant re-syncing the other replicas in between.
    Cases (3 shards unless said):
      RF1 x3 nodes   replication_factor 1: each node's part holds a third of the data (parallel upload).
      RF2 x3 nodes   replication_factor 2: each part holds two shards; two parts are sent (one whole, one without
                     the shard the first restores), the other replicas are re-synced by Qdrant.
      RF3 x3 nodes   replication_factor 3: every part holds every shard; node 0's part is sent whole, alone.
      RF1 x1 node    1 shard on one node: one part carries all the data.
    Each restore runs twice with the same backup (the second replaces what the first restored, as much work) and the
    faster run counts, for every case alike: on a shared 2-core machine single runs vary by a second or more. Both
    runs' seconds are printed.
    RF3 also has a standard-tool baseline: curl uploads the part the module sent (node 0's, which held every shard)
    to node 0 with priority=snapshot and its checksum, as the plan's procedure does, then the replicas are polled
    until all are Active, the same end as the module's Restore step; 'RF3 module / curl one node' is INFO.
    "~1 GB" is the collection's data: the lab pads each local shard of a snapshot with walPaddingBytes, so the
    3-shard cases pad $TotalBytes/3 per shard and the 1-shard case $TotalBytes (the RF2/RF3 backups are then 2x/3x
    larger in the store, as a real replicated backup is). Each restore runs in a fresh pwsh (Invoke-BenchChild)
    with its peak RSS; MB/s is collection bytes over the Restore step's duration. Verdicts:
    'RF2/unreplicated seconds' and 'RF3/unreplicated seconds' must be <= $MaxRatio (Restore step seconds);
    '3 nodes vs 1 node' is INFO. Exits 1 when a restore fails. The machine may be shared: figures are noisy.
    Needs the lab: dotnet pwsh ./build.ps1 -Task Bench (starts it), or LabStart first.
#>
param([long] $TotalBytes = 1GB, [double] $MaxRatio = 1.25, [int] $Runs = 2)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $repo 'tests/lab/PubSecLab.psm1')
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1')
$bench = 'QdrantRestore'
$work = Join-Path $repo 'out/bench'
New-Item -ItemType Directory -Force $work | Out-Null

function Measure-CurlRestore([string] $Name, [string] $Part, [string] $Sha256) {
    # The plan's procedure for one node: upload its snapshot with priority=snapshot and the checksum (no 100-continue
    # round trip), then poll every node until all replicas are Active and no transfer runs. One bash script, like the
    # backup bench's curl, timed inside it so that neither PowerShell nor bash's start is counted; the polling uses
    # the module's poll floor of 25 ms.
    $lab = Get-LabConfig
    $nodes = @($lab.qdrant.nodes | ForEach-Object rest) -join ' '
    $script = @'
set -e
start=$(date +%s.%N)
curl -sS -f -o /dev/null -H 'Expect:' -H "api-key: $KEY" -F "snapshot=@$PART" "$NODE0/collections/$COLLECTION/snapshots/upload?priority=snapshot&checksum=$SHA"
while true; do
  unsettled=0
  for n in $NODES; do
    body=$(curl -sS -f -H "api-key: $KEY" "$n/collections/$COLLECTION/cluster")
    if echo "$body" | grep -o '"state":"[A-Za-z]*"' | grep -qv '"Active"' || echo "$body" | grep -q '"shard_transfers":\[{'; then unsettled=1; fi
  done
  [ $unsettled -eq 0 ] && break
  sleep 0.025
done
end=$(date +%s.%N)
# Qdrant keeps an uploaded snapshot in the collection's snapshot folder: not the lab's to keep.
curl -sS -f -o /dev/null -X DELETE -H "api-key: $KEY" "$NODE0/collections/$COLLECTION/snapshots/$(basename "$PART")?wait=true"
awk "BEGIN { print $end - $start }"
'@
    $env:KEY = $lab.qdrant.apiKey; $env:PART = $Part; $env:NODE0 = $lab.qdrant.nodes[0].rest; $env:COLLECTION = $Name; $env:SHA = $Sha256; $env:NODES = $nodes
    try { $seconds = bash -c $script } finally { 'KEY', 'PART', 'NODE0', 'COLLECTION', 'SHA', 'NODES' | ForEach-Object { Remove-Item "env:$_" } }
    if ($LASTEXITCODE -ne 0) { throw "curl restore of $Name failed with exit code $LASTEXITCODE" }
    [Math]::Round([double]$seconds, 2)
}

function Measure-Restore([string] $Case, [string] $Name, [int] $ShardNumber, [int] $ReplicationFactor, [long] $PaddingPerShard, [switch] $Curl) {
    $store = Join-Path $work "restore-store-$Name"
    if (Test-Path $store) { Remove-Item $store -Recurse -Force }
    Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = $PaddingPerShard } | Out-Null
    try {
        New-LabCollection -Name $Name -ShardNumber $ShardNumber -ReplicationFactor $ReplicationFactor -PointCount 300
        # The backup is made in the parent's lab session, not timed; the child only restores (its Seconds is the
        # whole Restore-QdrantCluster: preflight with Full integrity, restore, converge, verify).
        $backup = & {
            $child = Invoke-BenchChild -WorkDirectory $work -Body "New-QdrantBackup @nodes -Collection '$Name' -Store '$store' | ForEach-Object { [pscustomobject]@{ Id = `$_.Id; Status = `"`$(`$_.Status)`"; SizeBytes = `$_.SizeBytes; FirstPart = `$_.Parts[0].Key; FirstSha256 = `$_.Parts[0].Sha256 } }"
            $child.Result
        }
        if ($backup.Status -ne 'Succeeded') { throw "The backup of $Name is $($backup.Status)." }
        # Every case starts with its parts in the page cache, as before direct I/O. This does not steady RF1 x3 nodes:
        # its Restore step took either about 3.9 s or 5.0-5.6 s in this VM's runs, with this read and without it.
        Read-BenchStoreOnce $store
        $body = @"
`$backup = Get-DrBackup -Store '$store' -Id '$($backup.Id)'
`$result = `$backup | Restore-QdrantCluster @nodes -ThrottleLimit 3 -ErrorAction Continue
`$step = `$result.Steps | Where-Object Name -eq 'Restore'
[pscustomobject]@{ Verdict = "`$(`$result.Verdict)"; Sent = `$result.BytesUploaded; RestoreSeconds = `$step.Duration.TotalSeconds; Detail = `$step.Detail
    Failed = ((`$result.Steps | Where-Object Status -ne 'Succeeded' | Where-Object Status -ne 'Skipped' | ForEach-Object { "`$(`$_.Name): `$(`$_.Detail)" }) -join '; ') }
"@
        $runs = foreach ($run in 1..$Runs) {
            $labCpu = Get-LabServiceCpuSeconds qdrant
            $child = Invoke-BenchChild -WorkDirectory $work -Body $body
            $child | Add-Member LabCpu ((Get-LabServiceCpuSeconds qdrant) - $labCpu) -PassThru
            if ($child.Result.Verdict -ne 'Succeeded') { break }
        }
        $curlSeconds = if ($Curl) { Measure-CurlRestore $Name (Join-Path $store $backup.FirstPart) $backup.FirstSha256 }
    } finally {
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } | Out-Null
        Invoke-LabQdrant DELETE "collections/$Name" | Out-Null
        if (Test-Path $store) { Remove-Item $store -Recurse -Force }
    }
    $child = $runs | Sort-Object { if ($_.Result.Verdict -eq 'Succeeded') { $_.Result.RestoreSeconds } else { -1 } } | Select-Object -First 1
    $labCpu = $child.LabCpu
    $r = $child.Result
    [pscustomobject]@{
        Case           = $Case
        Verdict        = $r.Verdict
        DataMB         = [Math]::Round($PaddingPerShard * $ShardNumber / 1MB, 0)
        BackupMB       = [Math]::Round($backup.SizeBytes / 1MB, 0)
        SentMB         = [Math]::Round($r.Sent / 1MB, 0)
        RestoreSeconds = [Math]::Round($r.RestoreSeconds, 2)
        EachRun        = ($runs | ForEach-Object { '{0:N2}' -f $_.Result.RestoreSeconds }) -join ' / '
        CurlSeconds    = $curlSeconds
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
    Measure-Restore 'RF3 x3 nodes' 'bench-restore-rf3' 3 3 $third -Curl
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
$rf3 = $cases[2]
if ($rf3.CurlSeconds) {
    $rows += Add-BenchResult -Bench $bench -Case $rf3.Case -Measure 'curl one node (upload + settle) seconds' -Value $rf3.CurlSeconds -Unit 's'
    $rows += Add-BenchResult -Bench $bench -Case $rf3.Case -Measure 'RF3 module / curl one node seconds' -Value ($rf3.RestoreSeconds / $rf3.CurlSeconds) -Unit 'x' -Verdict INFO
}
$rows += Add-BenchResult -Bench $bench -Case 'RF1 x3 nodes' -Measure '3 nodes vs 1 node' -Value ($cases[0].MBps / [Math]::Max(1e-6, $cases[3].MBps)) -Unit 'x throughput' -Verdict INFO

$cases | Format-Table Case, Verdict, DataMB, BackupMB, SentMB, RestoreSeconds, EachRun, MBps, TotalSeconds, CpuSeconds, LabCpuSeconds, PeakRssMB -AutoSize | Out-Host
$cases | ForEach-Object { Write-Host "$($_.Case): $($_.Detail)" }
$rows | Format-Table Case, Measure, Value, Unit, Target, Verdict -AutoSize | Out-Host
$failed = @($cases | Where-Object Verdict -ne 'Succeeded')
if ($failed) {
    Write-Host "Failed restores: $(($failed | ForEach-Object { "$($_.Case): $($_.Detail)" }) -join ' | ')"
    exit 1
}
