<#
.SYNOPSIS
    Uploads the same 2 GB to the lab's moto S3 with the module and with the Debian awscli in one run, and
    prints both throughputs and the module's peak RSS next to that of a 50 MB backup.
.DESCRIPTION
    The 2 GB are one Qdrant snapshot part, backed up first into a local folder store. Then, in the same run:
    - awscli: `/usr/bin/aws s3 cp <part file> s3://...` (its default multipart settings);
    - module: `Get-DrBackup | Copy-DrBackup -Destination <s3 store>` in a fresh pwsh: the same bytes, streamed
      in parallel parts with SHA-256 on the way, and then read back from S3 and hashed again before the
      manifest is written. Its time includes that verification, which awscli does not do.
    - module, end to end: `New-QdrantBackup -Store <s3 store>` of the same 2 GB collection (snapshot, download,
      hash, tar inspection, upload), for reference.
    Peak RSS is VmHWM of each fresh pwsh. Pass: the copy reaches at least 0.8 of awscli's throughput, and its
    peak RSS stays within 200 MB of a 50 MB backup's to the same S3. Needs the lab (LabStart) and awscli.
#>
param([long] $SizeBytes = 2GB, [double] $MinRatio = 0.8, [long] $AllowedGrowthBytes = 200MB)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $repo 'tests/lab/PubSecLab.psm1')
$lab = Get-LabConfig
$s3 = $lab.s3
$aws = '/usr/bin/aws'
if (-not (Test-Path $aws)) { throw "The Debian awscli is missing ($aws); run: dotnet pwsh ./build.ps1 -Task Bootstrap" }
$work = Join-Path $repo 'out/bench'
New-Item -ItemType Directory -Force $work | Out-Null
$run = [Guid]::NewGuid().ToString('N').Substring(0, 8)
$storeExpression = "(New-DrBackupStore 's3://$($s3.bucket)/bench-$run-{0}' -Endpoint '$($s3.endpoint)' -Region '$($s3.region)' -Credential ([pscredential]::new('$($s3.accessKeyId)', (ConvertTo-SecureString '$($s3.secretAccessKey)' -AsPlainText -Force))))"

function Invoke-Child([string] $Body) {
    # A fresh pwsh per measurement, so peaks do not carry over; it reports its own VmHWM at the end.
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $repo 'out/PubSecDr/PubSecDr.psd1')'
`$key = ConvertTo-SecureString '$($lab.qdrant.apiKey)' -AsPlainText -Force
`$nodes = @{ QdrantUri = @('$((Get-LabQdrantUri) -join "','")'); GrpcUri = '$(Get-LabGrpcUri)'; ApiKey = `$key; Confirm = `$false; ProgressAction = 'SilentlyContinue' }
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$result = $Body
`$seconds = `$clock.Elapsed.TotalSeconds
`$hwm = [long]((Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM:*' }) -replace '\D', '') * 1KB
[pscustomobject]@{ Bytes = `$result.SizeBytes; Seconds = `$seconds; PeakRss = `$hwm; Status = `$result.Status.ToString() } | ConvertTo-Json -Compress
"@
    $measured = (Invoke-FreshPwshScript -Script $script -WorkDirectory $work | Select-Object -Last 1) | ConvertFrom-Json
    if ($measured.Status -ne 'Succeeded') { throw "The module run ended $($measured.Status)." }
    $measured
}

function Measure-AwsCli([string] $File) {
    $env:AWS_ACCESS_KEY_ID = $s3.accessKeyId; $env:AWS_SECRET_ACCESS_KEY = $s3.secretAccessKey; $env:AWS_DEFAULT_REGION = $s3.region
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & $aws s3 cp $File "s3://$($s3.bucket)/bench-$run-awscli/part.snapshot" --endpoint-url $s3.endpoint --only-show-errors
    $seconds = $clock.Elapsed.TotalSeconds
    if ($LASTEXITCODE -ne 0) { throw "aws s3 cp failed with exit code $LASTEXITCODE" }
    [pscustomobject]@{ Bytes = (Get-Item $File).Length; Seconds = $seconds }
}

function New-PaddedCollection([string] $Name, [long] $Bytes) {
    Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = $Bytes } | Out-Null
    # One shard on node 0 only, so one part carries the whole padded snapshot.
    New-LabCollection -Name $Name -ShardNumber 1 -ReplicationFactor 1 -PointCount 100
}

$folder = Join-Path $work "store-s3bench-$run"
try {
    New-PaddedCollection 'bench-s3-small' 50MB
    $small = Invoke-Child "New-QdrantBackup @nodes -Collection bench-s3-small -Store $($storeExpression -f 'small')"

    New-PaddedCollection 'bench-s3-big' $SizeBytes
    $null = Invoke-Child "New-QdrantBackup @nodes -Collection bench-s3-big -Store '$folder'"
    $part = Get-ChildItem $folder -Recurse -Filter '*.snapshot' | Sort-Object Length -Descending | Select-Object -First 1

    $cli = Measure-AwsCli $part.FullName
    $copy = Invoke-Child "Get-DrBackup -Store '$folder' | Copy-DrBackup -Destination $($storeExpression -f 'copy')"
    $direct = Invoke-Child "New-QdrantBackup @nodes -Collection bench-s3-big -Store $($storeExpression -f 'direct')"
} finally {
    Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } | Out-Null
    foreach ($name in 'bench-s3-small', 'bench-s3-big') { Invoke-LabQdrant DELETE "collections/$name" | Out-Null }
    if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }
}

$mbps = { param($m) [Math]::Round($m.Bytes / 1MB / $m.Seconds, 1) }
$ratio = [Math]::Round(($copy.Bytes / $copy.Seconds) / ($cli.Bytes / $cli.Seconds), 2)
$growth = $copy.PeakRss - $small.PeakRss
[pscustomobject[]]@(
    [pscustomobject]@{ Run = 'awscli s3 cp (part file)'; MB = [Math]::Round($cli.Bytes / 1MB); MBps = & $mbps $cli; PeakRssMB = $null }
    [pscustomobject]@{ Run = 'Copy-DrBackup folder -> S3 (+ read-back verify)'; MB = [Math]::Round($copy.Bytes / 1MB); MBps = & $mbps $copy; PeakRssMB = [Math]::Round($copy.PeakRss / 1MB, 1) }
    [pscustomobject]@{ Run = 'New-QdrantBackup -> S3 (end to end)'; MB = [Math]::Round($direct.Bytes / 1MB); MBps = & $mbps $direct; PeakRssMB = [Math]::Round($direct.PeakRss / 1MB, 1) }
    [pscustomobject]@{ Run = 'New-QdrantBackup -> S3, 50 MB (baseline)'; MB = [Math]::Round($small.Bytes / 1MB); MBps = & $mbps $small; PeakRssMB = [Math]::Round($small.PeakRss / 1MB, 1) }
) | Format-Table -AutoSize | Out-Host
$directGrowth = $direct.PeakRss - $small.PeakRss
$pass = $ratio -ge $MinRatio -and $growth -le $AllowedGrowthBytes -and $directGrowth -le $AllowedGrowthBytes
Write-Host ("Module/awscli throughput {0:N2} (min {1:N2}); peak RSS growth over the 50 MB backup: copy {2:N1} MB, backup {3:N1} MB (limit {4:N0} MB): {5}" -f `
        $ratio, $MinRatio, ($growth / 1MB), ($directGrowth / 1MB), ($AllowedGrowthBytes / 1MB), $(if ($pass) { 'PASS' } else { 'FAIL' }))
if (-not $pass) { exit 1 }
