# Every state-changing cmdlet appends its own audit record (issue 14 item 4): one per change it made, in the store it
# worked with (or PUBSECDR_AUDIT_STORE), with its outcome, and without secrets; nothing under -WhatIf; a log that
# cannot be written is an error of its own while the change stands.
param([string] $StoreKind = 'Folder')

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRunbooks.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Secrets = Get-LabSecrets
    # The suite sends every record to its own log; these tests are about where records go without it.
    $script:SuiteAuditStore = $env:PUBSECDR_AUDIT_STORE
    $env:PUBSECDR_AUDIT_STORE = $null
    New-LabCollection -Name 'ah-docs' -ShardNumber 2 -ReplicationFactor 1 -PointCount 40 -Seed 161

    function Get-StoredAuditText($Store) {
        # The records' exact stored bytes, read through the store like any object.
        (Get-DrAuditLog -Store $Store | ForEach-Object { [Text.Encoding]::UTF8.GetString((Read-TestStoreObject $Store $_.Key)) }) -join "`n"
    }
}

AfterAll {
    $env:PUBSECDR_AUDIT_STORE = $SuiteAuditStore
    Remove-TestStoresMade
    Remove-LabCollection 'ah-docs'
}

Describe "The audit record of a change [$StoreKind]" {
    BeforeAll {
        $script:Store = New-TestStore
        $script:Backup = New-QdrantBackup @LabParams -Collection 'ah-docs' -Store $Store
        $script:Records = @(Get-DrAuditLog -Store $Store)
    }

    It 'is one record in the store the backup went to, naming the command, the target and the outcome' {
        $Backup.Status | Should -Be 'Succeeded'
        $Records | Should -HaveCount 1
        $record = $Records[0]
        ($record.Command, $record.Target, $record.Outcome, $record.ErrorId) | Should -Be 'New-QdrantBackup', 'ah-docs', 'Succeeded', $null
        $record.Identity | Should -Be ([Environment]::UserName)
        $record.Host | Should -Be ([Environment]::MachineName)
        $record.Parameters['Collection'] | Should -Be 'ah-docs'
        $record.Parameters['Action'] | Should -Match "snapshot collection 'ah-docs'"
        (Test-DrAuditLog -Store $Store).Verdict | Should -Be 'Passed'
    }

    It 'keeps the API key out: the parameter is ***, and no lab secret is in the stored bytes' {
        $Records[0].Parameters['ApiKey'] | Should -Be '***'
        $text = Get-StoredAuditText $Store
        $text | Should -Match 'New-QdrantBackup'
        foreach ($secret in $Secrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }

    It 'is not written under -WhatIf, which changes nothing' {
        New-QdrantBackup @LabParams -Collection 'ah-docs' -Store $Store -WhatIf
        @(Get-DrAuditLog -Store $Store) | Should -HaveCount 1
    }

    It 'follows the chain: the next change is record 2, pointing at record 1' {
        $null = New-QdrantBackup @LabParams -Collection 'ah-docs' -Store $Store
        $records = @(Get-DrAuditLog -Store $Store)
        $records | Should -HaveCount 2
        ($records[1].Sequence, $records[1].Command, $records[1].PreviousHash) | Should -Be 2, 'New-QdrantBackup', $records[0].Hash
        (Test-DrAuditLog -Store $Store).RecordCount | Should -Be 2
    }
}

Describe "Where the record goes [$StoreKind]" {
    It 'goes to the store a copy changed (-Destination), not to the one it read' {
        $source = New-TestStore
        $destination = New-TestStore
        $env:PUBSECDR_AUDIT_STORE = $null
        $backup = New-QdrantBackup @LabParams -Collection 'ah-docs' -Store $source
        $null = $backup | Copy-DrBackup -Destination $destination -Confirm:$false

        (Get-DrAuditLog -Store $source).Command | Should -Be 'New-QdrantBackup'
        $copy = @(Get-DrAuditLog -Store $destination)
        ($copy.Count, $copy[0].Command, $copy[0].Sequence, $copy[0].Outcome) | Should -Be 1, 'Copy-DrBackup', 1, 'Succeeded'
        $copy[0].Parameters['InputObject'] | Should -Be $backup.Id
    }

    It 'goes to PUBSECDR_AUDIT_STORE when it is set, not to the store the backup went to' {
        $store = New-TestStore
        $central = New-TestStore -Kind Folder
        $env:PUBSECDR_AUDIT_STORE = $central
        try {
            $null = New-QdrantBackup @LabParams -Collection 'ah-docs' -Store $store
        } finally { $env:PUBSECDR_AUDIT_STORE = $null }

        @(Get-DrAuditLog -Store $store) | Should -HaveCount 0
        $record = @(Get-DrAuditLog -Store $central)
        $record | Should -HaveCount 1
        $record[0].Command | Should -Be 'New-QdrantBackup'
    }

    It 'is AuditAppendFailed when the audit store cannot be written, and the backup still stands' {
        $store = New-TestStore
        # A folder store under a file: it can never be created, so no record can be written there.
        $blocker = Join-Path $TestDrive 'not-a-folder'
        Set-Content -LiteralPath $blocker -Value 'x'
        $env:PUBSECDR_AUDIT_STORE = Join-Path $blocker 'audit'
        try {
            $backup = New-QdrantBackup @LabParams -Collection 'ah-docs' -Store $store -ErrorVariable failures -ErrorAction SilentlyContinue
        } finally { $env:PUBSECDR_AUDIT_STORE = $null }

        $backup.Status | Should -Be 'Succeeded'
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'AuditAppendFailed,*'
        $failures[0].ErrorDetails.Message | Should -Match 'New-QdrantBackup succeeded on ah-docs, but no audit record of it could be written'
    }
}
