<#
.SYNOPSIS
    Uploads the same ~1 GB part file to the lab's S3 (moto) and Azure Blob (Azurite) with a standard client and with
    the module, in one run, and records the throughput ratios and the module's peak RSS next to a 50 MB backup's.
.DESCRIPTION
    One Qdrant snapshot part of -SizeBytes is backed up first into a local folder store; every upload below sends
    that part's bytes. In the same run:
    S3
    - awscli: `/usr/bin/aws s3 cp <part file> s3://...` (Debian awscli v2, default settings: 8 MiB parts,
      10 concurrent requests). It sends the file and nothing else; its time includes its own start-up.
    - Copy-DrBackup folder -> S3: `Get-DrBackup | Copy-DrBackup -Destination <s3 store>` in a fresh pwsh. The part
      streams from the folder store in parallel multipart parts with SHA-256 computed on the way (checked against
      the manifest before the upload is completed, so a bad part never becomes visible); then the part is read back
      from S3 and hashed again, and only then is the manifest written. Its time includes that read-back, a lease
      and the manifest, none of which awscli does.
    - New-QdrantBackup -> S3: the same collection backed up straight to S3 (snapshot on the node, download, SHA-256,
      tar inspection and upload in one pass, manifest), end to end.
    Azure
    - SDK defaults: `BlobClient.UploadAsync(<part file>)` with no options, in a fresh pwsh that loads the
      Azure.Storage.Blobs (and Azure.Core) assemblies shipped inside out/PubSecDr, so the same SDK version; the SDK
      picks block size and concurrency itself. It sends the file and nothing else.
    - Copy-DrBackup folder -> Azure and New-QdrantBackup -> Azure: as for S3, to the lab's Azurite container.
    RSS baseline: a 50 MB backup (New-QdrantBackup) to each cloud store. Peak RSS is VmHWM of each fresh pwsh.
    Client CPU is the user + system seconds of the uploading process per GB (awscli through /usr/bin/time, pwsh
    children around the measured call): the emulators share the machine's cores with the client, so a client that
    needs more CPU per byte leaves the emulator less, and this row tells that apart from noise.
    Where the time goes (INFO): the emulator's CPU seconds per wall second in every 1 GB run (moto and Azurite are one
    process each: near 1 means it kept one core busy and set the pace), and the copy's read-back timed on its own
    (Test-BackupIntegrity -Level Full of the copy) with the copy's ratio without it.
    Rows (Add-BenchResult): the ratios module/awscli and module/SDK-default (Target '>= 1.0'), MB/s and client CPU s/GB of every run
    and peak RSS of every module run (INFO), and each 1 GB module run's RSS growth over the 50 MB backup to the
    same cloud (Target '<= 200 MB'). Exits 1 when a target is missed.
    Needs the lab (LabStart, or the Bench task) and awscli (Bootstrap installs it).
#>
param([long] $SizeBytes = 1GB, [long] $BaselineBytes = 50MB, [double] $MinRatio = 1.0, [long] $AllowedGrowthBytes = 200MB)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
Import-Module (Join-Path $repo 'tests/lab/PubSecLab.psm1')
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1')
$bench = 'CloudUploadThroughput'
$lab = Get-LabConfig
$s3 = Get-LabS3
$azure = Get-LabAzure
$aws = '/usr/bin/aws'
if (-not (Test-Path $aws)) { throw "The Debian awscli is missing ($aws); run: dotnet pwsh ./build.ps1 -Task Bootstrap" }
$work = Join-Path $repo 'out/bench'
New-Item -ItemType Directory -Force $work | Out-Null
$run = [Guid]::NewGuid().ToString('N').Substring(0, 8)
# PowerShell source that opens a store in a fresh pwsh; {0} is the key prefix under the bucket or container.
$stores = @{
    S3    = "(New-DrBackupStore 's3://$($s3.bucket){0}' -Endpoint '$($s3.endpoint)' -Region '$($s3.region)' -Credential ([pscredential]::new('$($s3.accessKeyId)', (ConvertTo-SecureString '$($s3.secretAccessKey)' -AsPlainText -Force))))"
    Azure = "(New-DrBackupStore 'az://$($azure.container){0}' -ConnectionString (ConvertTo-SecureString '$($azure.connectionString)' -AsPlainText -Force))"
}
function Get-StoreExpression([string] $Cloud, [string] $Name) { $stores[$Cloud] -f "/bench-$run-$Name" }

function Measure-Server([string] $Cloud, [scriptblock] $Measurement) {
    # The emulator's own CPU seconds over a run (moto for S3, Azurite for Azure), added to the run's figures: each is a
    # single Python or Node process, so CPU seconds close to the run's seconds mean it kept one core busy throughout
    # and was the limit, whatever the client did.
    # The lab's service name (its out/lab/<name>.pid) and the name the row shows.
    $service, $shown = if ($Cloud -eq 'S3') { 'moto', 'moto' } else { 'azurite', 'Azurite' }
    $before = Get-LabServiceCpuSeconds $service
    $measured = & $Measurement
    $measured | Add-Member -PassThru -NotePropertyMembers @{ Server = $shown; ServerCpuSeconds = (Get-LabServiceCpuSeconds $service) - $before }
}

function Measure-ReadBack([string] $Cloud) {
    # The copy's read-back on its own: Test-BackupIntegrity -Level Full of the copy reads its part from the cloud and
    # hashes it as Copy-DrBackup's verification does (and walks the tar too, so it is an upper bound). Subtracted from
    # the copy's seconds, it tells the upload's own pace from the verification the reference client does not do.
    $measured = Invoke-BenchChild -Body "`$v = Get-DrBackup -Store $(Get-StoreExpression $Cloud 'copy') | Test-BackupIntegrity -Level Full; [pscustomobject]@{ Verdict = (@(`$v.Verdict) -join ',') }" -WorkDirectory $work
    if ($measured.Result.Verdict -ne 'Passed') { throw "The $Cloud copy did not check out after the copy: $($measured.Result.Verdict)" }
    $measured.Seconds
}

function Invoke-ModuleRun([string] $Command) {
    # Copy-DrBackup and New-QdrantBackup both return the backup (the copy, or the new one) with its size and status.
    $cpu = '[Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime'
    $measured = Invoke-BenchChild -Body "`$cpu = $cpu; `$backup = $Command; [pscustomobject]@{ Bytes = `$backup.SizeBytes; Status = `$backup.Status.ToString(); CpuSeconds = ($cpu - `$cpu).TotalSeconds }" -WorkDirectory $work
    if ($measured.Result.Status -ne 'Succeeded') { throw "The module run ended $($measured.Result.Status): $Command" }
    [pscustomobject]@{ Bytes = [long]$measured.Result.Bytes; Seconds = $measured.Seconds; PeakRss = $measured.PeakRss; CpuSeconds = $measured.Result.CpuSeconds }
}

function Measure-AwsCli([string] $File) {
    $env:AWS_ACCESS_KEY_ID = $s3.accessKeyId; $env:AWS_SECRET_ACCESS_KEY = $s3.secretAccessKey; $env:AWS_DEFAULT_REGION = $s3.region
    $times = Join-Path $work "awscli-$run.time"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    # /usr/bin/time only adds its own user and system seconds to a file; the wall time is the stopwatch's.
    & /usr/bin/time -f '%U %S' -o $times $aws s3 cp $File "s3://$($s3.bucket)/bench-$run-awscli/part.snapshot" --endpoint-url $s3.endpoint --only-show-errors
    $seconds = $clock.Elapsed.TotalSeconds
    if ($LASTEXITCODE -ne 0) { throw "aws s3 cp failed with exit code $LASTEXITCODE" }
    $user, $system = (Get-Content $times | Select-Object -Last 1) -split ' '
    Remove-Item $times
    [pscustomobject]@{ Bytes = (Get-Item $File).Length; Seconds = $seconds; PeakRss = $null; CpuSeconds = [double]$user + [double]$system }
}

function Measure-AzureSdk([string] $File) {
    # A fresh pwsh without the module: the shipped SDK assemblies loaded by path, then one UploadAsync(path) with no
    # options (the SDK's default transfer options), timed around that call only, as the module's body is.
    $prelude = @"
`$bin = '$(Join-Path $repo 'out/PubSecDr')'
foreach (`$name in 'System.ClientModel', 'System.Memory.Data', 'System.IO.Hashing', 'Azure.Core', 'Azure.Storage.Common', 'Azure.Storage.Blobs') {
    `$path = Get-ChildItem `$bin -Recurse -Filter "`$name.dll" | Select-Object -First 1
    if (`$path) { `$null = [Reflection.Assembly]::LoadFrom(`$path.FullName) } elseif (`$name -like 'Azure.*') { throw "`$name.dll is not in `$bin" }
}
`$blob = [Azure.Storage.Blobs.BlobClient]::new('$($azure.connectionString)', '$($azure.container)', 'bench-$run-sdk/part.snapshot')
"@
    $body = @"
`$cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
`$null = `$blob.UploadAsync('$File').GetAwaiter().GetResult()
[pscustomobject]@{ CpuSeconds = ([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - `$cpu).TotalSeconds; Version = [Azure.Storage.Blobs.BlobClient].Assembly.GetName().Version.ToString() }
"@
    $child = Invoke-BenchChild -WithoutModule -Prelude $prelude -Body $body -WorkDirectory $work
    [pscustomobject]@{ Bytes = (Get-Item $File).Length; Seconds = $child.Seconds; PeakRss = $null; CpuSeconds = $child.Result.CpuSeconds; Version = $child.Result.Version }
}

function New-PaddedCollection([string] $Name, [long] $Bytes) {
    Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = $Bytes } | Out-Null
    # One shard on node 0 only, so one part carries the whole padded snapshot.
    New-LabCollection -Name $Name -ShardNumber 1 -ReplicationFactor 1 -PointCount 100
}

function Remove-BenchObjects {
    # Every object this run put into moto and Azurite: 1 GB objects would otherwise stay in the lab for as long as it runs.
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $repo 'out/PubSecDr/PubSecDr.psd1')'
`$none = [Threading.CancellationToken]::None
foreach (`$store in $($stores.S3 -f ''), $($stores.Azure -f '')) {
    `$keys = [Collections.Generic.List[string]]::new()
    `$items = `$store.ListAsync('bench-$run-', `$none).GetAsyncEnumerator(`$none)
    try { while (`$items.MoveNextAsync().AsTask().GetAwaiter().GetResult()) { `$keys.Add(`$items.Current.Key) } }
    finally { `$null = `$items.DisposeAsync().AsTask().GetAwaiter().GetResult() }
    foreach (`$key in `$keys) { `$store.DeleteAsync(`$key, `$none).GetAwaiter().GetResult() }
}
"@
    $null = Invoke-FreshPwshScript -Script $script -WorkDirectory $work
}

$folder = Join-Path $work "store-cloudbench-$run"
$m = @{}
$readBack = @{}
try {
    New-PaddedCollection 'bench-cloud-small' $BaselineBytes
    foreach ($cloud in 'S3', 'Azure') {
        $m["$cloud small"] = Invoke-ModuleRun "New-QdrantBackup @nodes -Collection bench-cloud-small -Store $(Get-StoreExpression $cloud 'small')"
    }

    New-PaddedCollection 'bench-cloud-big' $SizeBytes
    $null = Invoke-ModuleRun "New-QdrantBackup @nodes -Collection bench-cloud-big -Store '$folder'"
    $part = Get-ChildItem $folder -Recurse -Filter '*.snapshot' | Sort-Object Length -Descending | Select-Object -First 1
    # awscli, the SDK and Copy-DrBackup then all read the parts from memory (awscli, first, would otherwise read cold).
    Read-BenchStoreOnce $folder

    $m['awscli'] = Measure-Server S3 { Measure-AwsCli $part.FullName }
    $m['S3 copy'] = Measure-Server S3 { Invoke-ModuleRun "Get-DrBackup -Store '$folder' | Copy-DrBackup -Destination $(Get-StoreExpression S3 'copy')" }
    $readBack['S3'] = Measure-ReadBack S3
    $m['S3 backup'] = Measure-Server S3 { Invoke-ModuleRun "New-QdrantBackup @nodes -Collection bench-cloud-big -Store $(Get-StoreExpression S3 'backup')" }
    $m['sdk'] = Measure-Server Azure { Measure-AzureSdk $part.FullName }
    $m['Azure copy'] = Measure-Server Azure { Invoke-ModuleRun "Get-DrBackup -Store '$folder' | Copy-DrBackup -Destination $(Get-StoreExpression Azure 'copy')" }
    $readBack['Azure'] = Measure-ReadBack Azure
    $m['Azure backup'] = Measure-Server Azure { Invoke-ModuleRun "New-QdrantBackup @nodes -Collection bench-cloud-big -Store $(Get-StoreExpression Azure 'backup')" }
} finally {
    Invoke-LabAdmin PUT 'lab/options' @{ walPaddingBytes = 0 } | Out-Null
    foreach ($name in 'bench-cloud-small', 'bench-cloud-big') { Invoke-LabQdrant DELETE "collections/$name" -ErrorAction Continue | Out-Null }
    if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }
    Remove-BenchObjects
}

function Get-MBps($Run) { $Run.Bytes / 1MB / $Run.Seconds }
$cases = [ordered]@{
    'awscli'       = 'aws s3 cp (part file) -> S3'
    'S3 copy'      = 'Copy-DrBackup folder -> S3 (+ read-back verify)'
    'S3 backup'    = 'New-QdrantBackup -> S3 (end to end)'
    'S3 small'     = "New-QdrantBackup -> S3, $([Math]::Round($BaselineBytes / 1MB)) MB (RSS baseline)"
    'sdk'          = "Azure SDK $($m['sdk'].Version) UploadAsync(path), defaults -> Azure"
    'Azure copy'   = 'Copy-DrBackup folder -> Azure (+ read-back verify)'
    'Azure backup' = 'New-QdrantBackup -> Azure (end to end)'
    'Azure small'  = "New-QdrantBackup -> Azure, $([Math]::Round($BaselineBytes / 1MB)) MB (RSS baseline)"
}
$rows = [Collections.Generic.List[object]]::new()
$pass = $true
foreach ($cloud in 'S3', 'Azure') {
    $reference = if ($cloud -eq 'S3') { 'awscli' } else { 'sdk' }
    $referenceName = if ($cloud -eq 'S3') { 'awscli' } else { 'SDK-default' }
    foreach ($kind in 'copy', 'backup') {
        $ratio = (Get-MBps $m["$cloud $kind"]) / (Get-MBps $m[$reference])
        $ok = $ratio -ge $MinRatio
        $pass = $pass -and $ok
        $rows.Add((Add-BenchResult -Bench $bench -Case $cases["$cloud $kind"] -Measure "throughput module/$referenceName" -Value $ratio -Unit 'x' -Target ">= $MinRatio" -Verdict (Get-BenchVerdict $ok)))
        if ($kind -eq 'copy') {
            # INFO: the copy without its read-back, against the same reference (see Measure-ReadBack).
            $upload = $m["$cloud copy"].Bytes / 1MB / [Math]::Max(1e-3, $m["$cloud copy"].Seconds - $readBack[$cloud])
            $rows.Add((Add-BenchResult -Bench $bench -Case $cases["$cloud copy"] -Measure 'read-back alone (Test-BackupIntegrity Full of the copy)' -Value $readBack[$cloud] -Unit 's'))
            $rows.Add((Add-BenchResult -Bench $bench -Case $cases["$cloud copy"] -Measure "throughput without the read-back, module/$referenceName" -Value ($upload / (Get-MBps $m[$reference])) -Unit 'x'))
        }
        $growth = $m["$cloud $kind"].PeakRss - $m["$cloud small"].PeakRss
        $ok = $growth -le $AllowedGrowthBytes
        $pass = $pass -and $ok
        $rows.Add((Add-BenchResult -Bench $bench -Case $cases["$cloud $kind"] -Measure "PeakRss growth over the $cloud $([Math]::Round($BaselineBytes / 1MB)) MB backup" -Value ($growth / 1MB) -Unit 'MB' -Target "<= $([Math]::Round($AllowedGrowthBytes / 1MB)) MB" -Verdict (Get-BenchVerdict $ok)))
    }
}
foreach ($name in $cases.Keys) {
    $rows.Add((Add-BenchResult -Bench $bench -Case $cases[$name] -Measure 'throughput' -Value (Get-MBps $m[$name]) -Unit 'MB/s'))
    # The client's own CPU per GB: on a 2-core machine the client shares the cores with the emulator it uploads to.
    $rows.Add((Add-BenchResult -Bench $bench -Case $cases[$name] -Measure 'client CPU' -Value ($m[$name].CpuSeconds / ($m[$name].Bytes / 1GB)) -Unit 's/GB'))
    if ($null -ne $m[$name].ServerCpuSeconds) {
        $rows.Add((Add-BenchResult -Bench $bench -Case $cases[$name] -Measure "$($m[$name].Server) CPU s per wall s (1 = one core busy throughout)" -Value ($m[$name].ServerCpuSeconds / $m[$name].Seconds) -Unit 'x'))
    }
    if ($null -ne $m[$name].PeakRss) {
        $rows.Add((Add-BenchResult -Bench $bench -Case $cases[$name] -Measure 'PeakRssMB' -Value ($m[$name].PeakRss / 1MB) -Unit 'MB'))
    }
}
$rows | Format-Table Case, Measure, Value, Unit, Target, Verdict -AutoSize | Out-String -Width 200 | Out-Host
if (-not $pass) { exit 1 }
