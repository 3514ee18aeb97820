<#
.SYNOPSIS
    One regional failover in the lab (the primary region down, the secondary takes over), measured per step: each
    step's duration and status, the RTO, the data-loss window per store and the verdict; the lab is put back after.
.DESCRIPTION
    As in an outage drill (plan 2.1): every collection of the primary is backed up into the secondary region's store
    (the copy the secondary restores from), plus a scratch collection that only the primary holds, sized with the
    lab's WAL padding (-ScratchBytes over 3 shards), so the Qdrant data step restores real bytes as it would for a
    secondary whose copy is stale; -ScratchBytes 0 leaves it out. Then the primary region goes down
    (Set-LabRegionDown: its emulator closes every listener and its Redis is frozen) and
    Invoke-RegionalFailover -From primary -To secondary runs once, timed from the outage. The result's steps, RTO,
    data-loss windows and verdict are printed as tables. Afterwards Reset-LabFailover brings the primary region
    back, makes the secondary Redis its replica again, moves DNS back to the primary and removes the scratch
    collection and the backups, so the lab is as LabStart left it. Exits 1 when the failover did not complete.
    Needs the lab: dotnet pwsh ./build.ps1 -Task Bench (starts it), or LabStart first.
#>
param([long] $ScratchBytes = 300MB, [int] $ScratchPoints = 600)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $repo 'out/PubSecDr/PubSecDr.psd1')
Import-Module (Join-Path $repo 'tests/lab/PubSecLab.psm1')
Set-LabEnvironmentVariables
$envr = Import-DrEnvironment -Path (Get-LabEnvironmentPath)
$primary = $envr.Region('primary')
$store = $envr.Region('secondary').Store.Location
$work = Join-Path $repo 'out/bench'
New-Item -ItemType Directory -Force $work | Out-Null
$journal = Join-Path $work "failover-$([Guid]::NewGuid().ToString('N').Substring(0, 8)).json"
$scratch = if ($ScratchBytes -gt 0) { "bench-failover-$([Guid]::NewGuid().ToString('N').Substring(0, 8))" }
$backups = @()

function Invoke-RegionQdrant([string] $Region, [string] $Method, [string] $Path, [object] $Body) {
    $request = @{ Method = $Method; Uri = (Get-LabRegion -Name $Region).qdrant.nodes[0].rest.TrimEnd('/') + "/$Path"; Headers = @{ 'api-key' = (Get-LabConfig).qdrant.apiKey } }
    if ($Body) { $request.Body = $Body | ConvertTo-Json -Depth 10 -Compress; $request.ContentType = 'application/json' }
    Invoke-RestMethod @request
}

try {
    $nodes = @{ QdrantUri = $primary.Qdrant.Rest; GrpcUri = $primary.Qdrant.Grpc; ApiKey = (Get-LabApiKey); Store = $store; Confirm = $false; ProgressAction = 'SilentlyContinue' }
    # Only what the secondary holds (what its readiness judges), not every collection tests may have left on the primary.
    $held = @((Invoke-RegionQdrant secondary GET 'collections').result.collections | ForEach-Object name)
    $collections = @((Invoke-RegionQdrant primary GET 'collections').result.collections | ForEach-Object name | Where-Object { $_ -in $held })
    if ($collections) { $backups += New-QdrantBackup @nodes -Collection $collections }
    if ($scratch) {
        Invoke-RegionQdrant primary PUT "collections/$scratch" @{ vectors = @{ size = 8; distance = 'Cosine' }; shard_number = 3; replication_factor = 1 } | Out-Null
        $random = [Random]::new(7)
        $points = foreach ($id in 1..$ScratchPoints) { @{ id = $id; vector = @(1..8 | ForEach-Object { [Math]::Round($random.NextDouble(), 6) }); payload = @{ title = "bench $id" } } }
        Invoke-RegionQdrant primary PUT "collections/$scratch/points?wait=true" @{ points = @($points) } | Out-Null
        Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = [long]($ScratchBytes / 3) } -Region primary | Out-Null
        try { $backups += New-QdrantBackup @nodes -Collection $scratch }
        finally { Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } -Region primary | Out-Null }
    }
    $failed = @($backups | Where-Object { "$($_.Status)" -ne 'Succeeded' })
    if ($failed) { throw "The backups into the secondary's store did not all succeed: $($failed.Collection -join ', ')" }
    $restoreMB = ($backups | Where-Object Collection -eq $scratch | ForEach-Object { $_.Parts.Size } | Measure-Object -Sum).Sum / 1MB

    Set-LabRegionDown -Region primary | Out-Null
    $outage = [DateTime]::UtcNow
    $result = Invoke-RegionalFailover -Environment $envr -From primary -To secondary -OutageStartedAt $outage -JournalPath $journal `
        -Confirm:$false -ProgressAction SilentlyContinue -ErrorVariable failures -ErrorAction Continue

    Write-Host ("Lab failover primary -> secondary (primary region down; the secondary restores '{0}', {1:N0} MB, and holds the rest)" -f $scratch, $restoreMB)
    $rows = foreach ($step in $result.Steps) {
        [pscustomobject]@{
            Step    = "$($step.Name)"
            Status  = "$($step.Status)"
            Seconds = if ($step.Duration) { [Math]::Round($step.Duration.TotalSeconds, 2) } else { $null }
            Started = if ($step.StartedAt) { [Math]::Round(($step.StartedAt - $result.StartedAt).TotalSeconds, 2) } else { $null }
        }
        # Between the read-only steps and the first change the engine plans every changing step (the -Confirm text),
        # which is in no step's duration but in the RTO: shown as its own row.
        $fence = $result.Step('FenceSource')
        if ($step.Name -eq 'TargetReadiness' -and $step.CompletedAt -and $fence.StartedAt) {
            [pscustomobject]@{
                Step = '(plan, no step)'; Status = ''; Seconds = [Math]::Round(($fence.StartedAt - $step.CompletedAt).TotalSeconds, 2)
                Started = [Math]::Round(($step.CompletedAt - $result.StartedAt).TotalSeconds, 2)
            }
        }
    }
    $rows | Format-Table -AutoSize | Out-Host
    [pscustomobject]@{
        'RTO (s)'             = if ($result.Rto) { [Math]::Round($result.Rto.TotalSeconds, 2) } else { $null }
        'RTO from outage (s)' = if ($result.RtoFromOutage) { [Math]::Round($result.RtoFromOutage.TotalSeconds, 2) } else { $null }
        Verdict               = "$($result.Verdict)"
    } | Format-Table -AutoSize | Out-Host
    $result.DataLoss | ForEach-Object {
        [pscustomobject]@{ Store = $_.Store; 'Data-loss window (s)' = if ($null -ne $_.Window) { [Math]::Round($_.Window.TotalSeconds, 1) } else { 'unknown' }; Basis = $_.Basis }
    } | Format-Table -AutoSize -Wrap | Out-Host
    $result.VerdictReasons | ForEach-Object { Write-Host "  $_" }
    foreach ($failure in $failures) { Write-Host "Error: $($failure.FullyQualifiedErrorId): $failure" }
} finally {
    Reset-LabFailover -Environment $envr -Collection @($scratch | Where-Object { $_ }) -Backup $backups -Store $store
    Remove-Item $journal -ErrorAction Ignore
}
if ("$($result.Verdict)" -in @('Failed', 'Planned', '')) { exit 1 }
