<#
.SYNOPSIS
    Backup runbook: back up Qdrant collections from every node, then prove each backup sound. Exits 0 only
    when every backup succeeded and passed its integrity check.
.DESCRIPTION
    Built only from PubSecDr cmdlets, so it runs the same in a pwsh session, an Azure Automation runbook, a
    scheduled task or a Kubernetes CronJob. It writes one PubSec.Dr.QdrantBackup per collection and one
    PubSec.Dr.IntegrityReport per backup, and every failure as an error with its stable id.

    The exit code is what a scheduler reads: 0 when every backup is Succeeded and passes Test-BackupIntegrity
    at -Level; 1 on ANY failure (an error from a cmdlet, terminating or not, a backup that is not Succeeded, a
    report that is not Passed, or nothing backed up at all).

    Every value can come from a parameter or from an environment variable, so `pwsh -File` (which cannot pass
    arrays or SecureStrings) and a CronJob with a mounted Secret both work. A parameter wins over its variable.
    Lists are comma-separated strings ("http://qdrant-0:6333,http://qdrant-1:6333").

        parameter     environment variable       value
        -QdrantUri    PUBSECDR_QDRANT_NODES      node REST URIs, comma-separated (required)
        -Store        PUBSECDR_STORE             backup store: folder, s3://..., az://... (required)
        -GrpcUri      PUBSECDR_QDRANT_GRPC       gRPC URI of one node (optional)
        -Collection   PUBSECDR_COLLECTIONS       collections, comma-separated (optional; default: all)
        -ApiKey       PUBSECDR_QDRANT_API_KEY    Qdrant API key (optional)
        -ApiKeyFile   PUBSECDR_QDRANT_API_KEY_FILE  file holding the API key, e.g. a mounted Secret (optional)

    Give the API key as a SecureString (-ApiKey, in a session), as a file (-ApiKeyFile), or in
    PUBSECDR_QDRANT_API_KEY; never on the command line, where the process list would show it. The key is
    never printed. Object store credentials come from each cloud's usual environment variables and identities.
.EXAMPLE
    pwsh -NoProfile -File ./scripts/Invoke-DrBackupRunbook.ps1 -QdrantUri http://qdrant-0:6333,http://qdrant-1:6333,http://qdrant-2:6333 -Store /backups -ApiKeyFile /var/run/secrets/qdrant/api-key

    A CronJob container command; the exit code fails the job on any failure.
.EXAMPLE
    $env:PUBSECDR_QDRANT_NODES = 'http://qdrant-0:6333,http://qdrant-1:6333,http://qdrant-2:6333'
    $env:PUBSECDR_STORE = 's3://pubsec-dr-backups/qdrant'
    pwsh -NoProfile -File ./scripts/Invoke-DrBackupRunbook.ps1

    Everything from the environment (PUBSECDR_QDRANT_API_KEY from a Secret via secretKeyRef).
.EXAMPLE
    ./scripts/Invoke-DrBackupRunbook.ps1 -QdrantUri $nodes -Store /backups -ApiKey $key -Collection documents, chunks

    In a session, with arrays and a SecureString.
#>
[CmdletBinding()]
param(
    [string[]] $QdrantUri,
    [string] $Store,
    [string] $GrpcUri,
    [string[]] $Collection,
    [SecureString] $ApiKey,
    [string] $ApiKeyFile,
    [ValidateSet('Quick', 'Full', 'Restore')] [string] $Level = 'Full'
)

# Failures are collected, not thrown, so every collection is tried; anything unexpected still fails the job.
$ErrorActionPreference = 'Continue'
trap {
    $PSCmdlet.WriteError($_)
    exit 1
}

function Split-List([string[]] $Value) {
    # `pwsh -File` passes "a,b,c" as one string; a session passes an array. Both become a clean list.
    @($Value | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
}

function Get-Setting($Value, [string] $Variable) {
    if ($Value) { return $Value }
    [Environment]::GetEnvironmentVariable($Variable)
}

$nodes = Split-List (Get-Setting $QdrantUri PUBSECDR_QDRANT_NODES)
$storeLocation = Get-Setting $Store PUBSECDR_STORE
$grpc = Get-Setting $GrpcUri PUBSECDR_QDRANT_GRPC
$collections = Split-List (Get-Setting $Collection PUBSECDR_COLLECTIONS)
$keyFile = Get-Setting $ApiKeyFile PUBSECDR_QDRANT_API_KEY_FILE
if ($nodes.Count -eq 0) { throw 'No Qdrant nodes: give -QdrantUri or set PUBSECDR_QDRANT_NODES (comma-separated REST URIs).' }
if (-not $storeLocation) { throw 'No backup store: give -Store or set PUBSECDR_STORE.' }

# The key goes straight into a SecureString; its text is never echoed, logged or put into a message.
$key = if ($ApiKey) { $ApiKey }
elseif ($keyFile) { ConvertTo-SecureString (Get-Content -LiteralPath $keyFile -Raw).Trim() -AsPlainText -Force }
elseif ($env:PUBSECDR_QDRANT_API_KEY) { ConvertTo-SecureString $env:PUBSECDR_QDRANT_API_KEY -AsPlainText -Force }

Import-Module PubSecDr -ErrorAction Stop

$backupParameters = @{ QdrantUri = [Uri[]]$nodes; Store = $storeLocation; Confirm = $false }
if ($grpc) { $backupParameters.GrpcUri = [Uri]$grpc }
if ($key) { $backupParameters.ApiKey = $key }
if ($collections) { $backupParameters.Collection = $collections }

# A terminating error (the collection list cannot be read) lands in the catch; non-terminating ones (one
# collection failed) are written as they happen and counted through -ErrorVariable.
$backups = @()
$backupErrors = @()
try {
    $backups = @(New-QdrantBackup @backupParameters -ErrorAction Continue -ErrorVariable backupErrors)
} catch {
    $PSCmdlet.WriteError($_)
    $backupErrors = @($backupErrors) + $_
}
$backups

$reports = @($backups | Test-BackupIntegrity -Level $Level -ErrorAction Continue -ErrorVariable integrityErrors)
$reports

$notSucceeded = @($backups | Where-Object Status -ne 'Succeeded')
$notPassed = @($reports | Where-Object Verdict -ne 'Passed')
foreach ($backup in $notSucceeded) { Write-Warning "Backup $($backup.Id) of '$($backup.Collection)' is $($backup.Status)." }
foreach ($report in $notPassed) { Write-Warning "Backup $($report.BackupId) did not pass its $Level integrity check: $($report.Verdict)." }
if ($backups.Count -eq 0) { Write-Warning 'Nothing was backed up.' }

# The stable ids in one line, for the job log: the console shows an error's message, not its id.
$errorIds = @(@($backupErrors) + @($integrityErrors) | Where-Object { $_ } | ForEach-Object {
        $record = if ($_ -is [Management.Automation.ErrorRecord]) { $_ } else { $_.ErrorRecord }
        if ($record) { $record.FullyQualifiedErrorId.Split(',')[0] } else { $_.GetType().Name }
    } | Select-Object -Unique)
$failed = $errorIds.Count -gt 0 -or $backups.Count -eq 0 -or $notSucceeded.Count -gt 0 -or $notPassed.Count -gt 0 -or
    $reports.Count -ne $backups.Count
if ($failed) {
    Write-Host "Backup runbook FAILED: $($backups.Count) backup(s), $($notSucceeded.Count) not Succeeded, $($notPassed.Count) failed the $Level check; errors: $(if ($errorIds) { $errorIds -join ', ' } else { 'none' })."
    exit 1
}
Write-Host "Backup runbook passed: $($backups.Count) backup(s) Succeeded and passed the $Level check."
exit 0
