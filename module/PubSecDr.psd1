@{
    RootModule           = 'PubSecDr.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0f4d1e-3c55-4c0e-9a37-0d6b7b0f7a21'
    Author               = 'PubSec DevOps'
    CompanyName          = 'PubSec'
    Copyright            = '(c) PubSec. All rights reserved.'
    Description          = 'Disaster-recovery tooling for the PubSec Info Assistant: cluster-wide Qdrant backups, a verifiable backup catalog and integrity checks.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('PubSecDr.Format.ps1xml')
    TypesToProcess       = @('PubSecDr.Types.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'New-QdrantBackup'
        'Get-DrBackup'
        'Test-BackupIntegrity'
        'Compare-QdrantCollection'
        'Restore-QdrantCluster'
        'New-DrBackupStore'
        'Copy-DrBackup'
        'New-DrRetentionPolicy'
        'Invoke-DrRetention'
        'New-RedisBackup'
        'Compare-RedisData'
        'Restore-RedisBackup'
        'Test-RedisReplication'
        'Import-DrEnvironment'
        'Test-DrRegionReadiness'
        'Test-DrService'
        'Get-DrDnsRecord'
        'Set-DrDnsRecord'
        'Test-DrDnsPropagation'
        'Backup-DrKubernetesConfig'
        'Restore-DrKubernetesConfig'
        'Invoke-RegionalFailover'
        'New-DrIncidentNotice'
        'Invoke-DrDrill'
        'Get-DrDrillHistory'
        'Export-DrReport'
        'Export-DrMetrics'
        'Get-DrStatus'
        'Update-DrSecret'
        'Add-DrAuditRecord'
        'Get-DrAuditLog'
        'Test-DrAuditLog'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('DisasterRecovery', 'Backup', 'Qdrant', 'Kubernetes')
            ProjectUri = ''
        }
    }
}
