# Copy-DrBackup writes the copy as the kind of backup it was given (a Qdrant or a Redis backup), and its
# [OutputType] declares both, so Get-Command, help and pipeline tooling see what really comes out.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Redis = Get-LabRedis
    $script:Password = ConvertTo-SecureString $Redis.password -AsPlainText -Force
    New-LabCollection -Name 'ct-docs' -ShardNumber 1 -ReplicationFactor 1 -PointCount 20 -Seed 191
}

AfterAll {
    Remove-TestStoresMade
    Remove-LabCollection 'ct-docs'
}

Describe 'Copy-DrBackup output' {
    It 'is a <Kind> backup for a <Kind> backup, a type the command declares' -ForEach @(
        @{ Kind = 'Qdrant'; Backup = { param($store) New-QdrantBackup @LabParams -Collection 'ct-docs' -Store $store } }
        @{ Kind = 'Redis'; Backup = { param($store) New-RedisBackup $Redis.primary -Password $Password -Mode Rdb -Store $store -Name 'ct-redis' -Confirm:$false } }) {
        $source = New-TestStore -Kind Folder
        $backup = & $Backup $source

        $copy = $backup | Copy-DrBackup -Destination (New-TestStore -Kind Folder) -Confirm:$false

        $copy.GetType().FullName | Should -Be "PubSec.Dr.${Kind}Backup"
        $copy.Id | Should -Be $backup.Id
        (Get-Command Copy-DrBackup).OutputType.Type | Should -Contain $copy.GetType()
    }
}
