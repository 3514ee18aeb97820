<#
.SYNOPSIS
    DR drill runbook: back up every Qdrant collection from every node, then prove the backups sound.
.DESCRIPTION
    Built only from PubSecDr cmdlets so it runs the same in a pwsh session, an Azure Automation runbook,
    a scheduled task or a Kubernetes CronJob. Emits one PubSec.Dr.QdrantBackup per collection and one
    PubSec.Dr.IntegrityReport per backup; exits with an error when any backup is not Succeeded or fails
    its Full integrity check. Later drills extend this with restore and failover steps.
.EXAMPLE
    ./scripts/Invoke-DrDrill.ps1 -QdrantUri http://qdrant-0:6333,http://qdrant-1:6333,http://qdrant-2:6333 -Store /backups -ApiKey $key
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [Uri[]] $QdrantUri,
    [Parameter(Mandatory)] [string] $Store,
    [Uri] $GrpcUri,
    [SecureString] $ApiKey,
    [string[]] $Collection
)
$ErrorActionPreference = 'Stop'
Import-Module PubSecDr -ErrorAction Stop

$backupParameters = @{ QdrantUri = $QdrantUri; Store = $Store; Confirm = $false }
if ($GrpcUri) { $backupParameters.GrpcUri = $GrpcUri }
if ($ApiKey) { $backupParameters.ApiKey = $ApiKey }
if ($Collection) { $backupParameters.Collection = $Collection }

$backups = @(New-QdrantBackup @backupParameters -ErrorAction Continue -ErrorVariable backupErrors)
$reports = @($backups | Test-BackupIntegrity -Level Full -ErrorAction Continue -ErrorVariable integrityErrors)

[pscustomobject]@{
    PSTypeName = 'PubSec.Dr.DrillResult'
    Backups    = $backups
    Reports    = $reports
    Succeeded  = $backupErrors.Count -eq 0 -and $integrityErrors.Count -eq 0 -and
                 $backups.Count -gt 0 -and @($reports | Where-Object Verdict -ne 'Passed').Count -eq 0
}
