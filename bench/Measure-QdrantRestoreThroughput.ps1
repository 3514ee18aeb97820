<#
.SYNOPSIS
    Restores ~1 GB spread over 3 nodes in parallel, and the same ~1 GB held by one node, and prints the
    throughput of each, in one run against the same lab.
.DESCRIPTION
    "3 nodes": a collection with 3 shards and replication_factor 1, so each node holds a third of the bytes
    and the parts go to the nodes in parallel (-ThrottleLimit 3). "1 node": one shard on one node carries
    all the bytes. Sizes come from the lab's WAL padding (per local shard of a snapshot). Each restore runs
    in a fresh pwsh; the figures are the Restore step's bytes and duration from the RestoreResult.
    Needs the lab: dotnet pwsh ./build.ps1 -Task Bench (starts it), or LabStart first.
#>
param([long] $TotalBytes = 1GB)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $repo 'tests/lab/PubSecLab.psm1')
$lab = Get-LabConfig
$work = Join-Path $repo 'out/bench'
New-Item -ItemType Directory -Force $work | Out-Null

function Measure-Restore([string] $Name, [int] $ShardNumber, [long] $PaddingPerShard) {
    $store = Join-Path $work "restore-store-$Name"
    if (Test-Path $store) { Remove-Item $store -Recurse -Force }
    Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = $PaddingPerShard } | Out-Null
    try {
        New-LabCollection -Name $Name -ShardNumber $ShardNumber -ReplicationFactor 1 -PointCount 300
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $repo 'out/PubSecDr/PubSecDr.psd1')'
`$key = ConvertTo-SecureString '$($lab.qdrant.apiKey)' -AsPlainText -Force
`$nodes = @{ QdrantUri = @($((Get-LabQdrantUri | ForEach-Object { "'$_'" }) -join ',')); GrpcUri = '$(Get-LabGrpcUri)'; ApiKey = `$key }
`$backup = New-QdrantBackup @nodes -Collection $Name -Store '$store' -Confirm:`$false -ProgressAction SilentlyContinue
`$result = `$backup | Restore-QdrantCluster @nodes -ThrottleLimit 3 -Confirm:`$false -ProgressAction SilentlyContinue
`$step = `$result.Steps | Where-Object Name -eq 'Restore'
[pscustomobject]@{ Verdict = `$result.Verdict; Bytes = `$result.BytesUploaded; Seconds = `$step.Duration.TotalSeconds; Largest = (`$backup.Parts.Size | Measure-Object -Maximum).Maximum } | ConvertTo-Json -Compress
"@
        $measured = (Invoke-FreshPwshScript -Script $script -WorkDirectory $work | Select-Object -Last 1) | ConvertFrom-Json
    } finally {
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } | Out-Null
        Invoke-LabQdrant DELETE "collections/$Name" | Out-Null
        if (Test-Path $store) { Remove-Item $store -Recurse -Force }
    }
    [pscustomobject]@{
        Layout       = $Name
        Verdict      = $measured.Verdict
        BytesMB      = [Math]::Round($measured.Bytes / 1MB, 1)
        LargestPartMB = [Math]::Round($measured.Largest / 1MB, 1)
        Seconds      = [Math]::Round($measured.Seconds, 2)
        MBps         = [Math]::Round($measured.Bytes / 1MB / $measured.Seconds, 1)
    }
}

$parallel = Measure-Restore 'bench-restore-3-nodes' 3 ([long]($TotalBytes / 3))
$single = Measure-Restore 'bench-restore-1-node' 1 $TotalBytes
@($parallel, $single) | Format-Table -AutoSize | Out-Host
Write-Host ("3 nodes in parallel vs 1 node, same bytes: {0:N2}x the throughput" -f ($parallel.MBps / $single.MBps))
if ($parallel.Verdict -ne 'Succeeded' -or $single.Verdict -ne 'Succeeded') { exit 1 }
