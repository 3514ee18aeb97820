# S3 (moto) and Azure Blob (Azurite) as the plan uses them: objects other tools can read, copies to a second
# store that are verified and restore, credentials the way each ecosystem passes them, and no secret printed.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:LabParams = Get-LabBackupParameters
    $script:Target = @{ QdrantUri = $LabParams.QdrantUri; GrpcUri = $LabParams.GrpcUri; ApiKey = $LabParams.ApiKey }
    $script:S3 = (Get-LabConfig).s3
    $script:Azure = (Get-LabConfig).azure
    New-LabCollection -Name 'os-docs' -ShardNumber 3 -ReplicationFactor 1 -PointCount 1200 -Seed 131

    function Use-AwsEnvironment {
        $env:AWS_ACCESS_KEY_ID = $S3.accessKeyId; $env:AWS_SECRET_ACCESS_KEY = $S3.secretAccessKey; $env:AWS_DEFAULT_REGION = $S3.region
    }
}

AfterAll {
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_ENDPOINT_URL_S3', 'AZURE_STORAGE_CONNECTION_STRING') {
        Remove-Item "env:$name" -ErrorAction Ignore
    }
}

Describe 'Objects in S3' {
    It 'downloads with the Debian awscli to bytes whose SHA-256 equals the manifest' {
        $store = New-TestStore -Kind S3
        $backup = New-QdrantBackup @LabParams -Collection 'os-docs' -Store $store
        $part = $backup.Parts | Sort-Object Size -Descending | Select-Object -First 1
        $file = Join-Path $RepoRoot "out/test-stores/awscli-$([Guid]::NewGuid().ToString('N')).snapshot"
        Use-AwsEnvironment
        & /usr/bin/aws s3 cp "$($store.Location)$($part.Key)" $file --endpoint-url $S3.endpoint --only-show-errors
        $LASTEXITCODE | Should -Be 0
        (Get-FileHash $file -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $part.Sha256
        (Get-Item $file).Length | Should -Be $part.Size
    }

    It 'opens from a plain s3:// string with the AWS environment variables, as a CronJob would' {
        $store = New-TestStore -Kind S3
        $made = New-QdrantBackup @LabParams -Collection 'os-docs' -Store $store
        Use-AwsEnvironment
        $env:AWS_ENDPOINT_URL_S3 = $S3.endpoint
        try {
            $listed = Get-DrBackup -Store $store.Location
            $listed.Id | Should -Be $made.Id
            ($listed | Test-BackupIntegrity).Verdict | Should -Be 'Passed'
        } finally { Remove-Item env:AWS_ENDPOINT_URL_S3 }
    }
}

Describe 'Copy-DrBackup from S3 to Azure Blob' {
    BeforeAll {
        $script:Source = New-TestStore -Kind S3
        $script:Destination = New-TestStore -Kind Azure
        $script:Original = New-QdrantBackup @LabParams -Collection 'os-docs' -Store $Source
        $script:Copy = $Original | Copy-DrBackup -Destination $Destination -Confirm:$false
    }

    It 'produces a listed copy in Blob that passes Full integrity' {
        $Copy.Id | Should -Be $Original.Id
        $Copy.Store.Location | Should -Be $Destination.Location
        (Get-DrBackup -Store $Destination).Id | Should -Be $Original.Id
        $report = Get-DrBackup -Store $Destination | Test-BackupIntegrity -Level Full
        $report.Verdict | Should -Be 'Passed'
        $report.BytesRead | Should -Be $Original.SizeBytes
    }

    It 'restores from the copy' {
        Invoke-LabQdrant POST 'collections/os-docs/points/delete?wait=true' @{ points = @(1..200) } | Out-Null
        $result = Get-DrBackup -Store $Destination -Id $Original.Id | Restore-QdrantCluster @Target -Confirm:$false
        $result.Verdict | Should -Be 'Succeeded'
        Get-LabPointCount 'os-docs' | Should -Be 1200
    }

    It 'skips verified parts when run again, and resumes a copy whose manifest never arrived' {
        Remove-TestStoreObject $Destination $Original.ManifestKey
        Remove-TestStoreObject $Destination $Original.Parts[0].Key
        Get-DrBackup -Store $Destination | Should -BeNullOrEmpty -Because 'without its manifest the copy is not listed'
        $output = $Original | Copy-DrBackup -Destination $Destination -Confirm:$false -Verbose 4>&1
        @($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -like '*skipped*' }).Count | Should -Be ($Original.Parts.Count - 1)
        (Get-DrBackup -Store $Destination | Test-BackupIntegrity).Verdict | Should -Be 'Passed'
    }

    It 'with -WhatIf copies nothing' {
        $empty = New-TestStore -Kind Azure
        $Original | Copy-DrBackup -Destination $empty -WhatIf | Should -BeNullOrEmpty
        Get-TestStoreKey $empty | Should -BeNullOrEmpty
    }
}

Describe 'Credentials and secrets' {
    It 'opens an az:// string with AZURE_STORAGE_CONNECTION_STRING' {
        $store = New-TestStore -Kind Azure
        $made = New-QdrantBackup @LabParams -Collection 'os-docs' -Store $store
        $env:AZURE_STORAGE_CONNECTION_STRING = $Azure.connectionString
        try {
            (Get-DrBackup -Store $store.Location).Id | Should -Be $made.Id
        } finally { Remove-Item env:AZURE_STORAGE_CONNECTION_STRING }
    }

    It 'never shows the connection string or the S3 secret key in store objects, backups, verbose output or errors' {
        $accountKey = ($Azure.connectionString -split ';' | Where-Object { $_ -like 'AccountKey=*' }).Substring('AccountKey='.Length)
        # Not $azure/$s3: PowerShell names are case-insensitive and would hide the lab's $Azure and $S3.
        $blobStore = New-TestStore -Kind Azure
        $s3Store = New-TestStore -Kind S3
        $backup = New-QdrantBackup @LabParams -Collection 'os-docs' -Store $s3Store -Verbose 4>&1
        $wrongKey = $Azure.connectionString -replace 'AccountKey=[^;]+', 'AccountKey=d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk='
        $denied = New-DrBackupStore $blobStore.Location -ConnectionString (ConvertTo-SecureString $wrongKey -AsPlainText -Force)
        $everything = @(
            $blobStore, $s3Store, $backup, $denied
            try { Get-DrBackup -Store $denied -Verbose -ErrorAction Stop 4>&1 } catch { $_ }
        )
        $text = ($everything | ForEach-Object { $_ | Format-List * -Force | Out-String; if ($_ -is [Management.Automation.ErrorRecord]) { $_.Exception.ToString() } }) -join "`n"
        $text | Should -Not -BeLike "*$accountKey*"
        $text | Should -Not -BeLike "*$($S3.secretAccessKey)*"
        $text | Should -Not -BeLike "*$wrongKey*"
        $text | Should -BeLike '*StoreAccessDenied*' -Because 'Azurite checks the shared key'
    }
}

Describe 'New-DrBackupStore -PartSizeMB' {
    BeforeAll {
        $script:RedisLab = Get-LabRedis
        $script:RedisPassword = ConvertTo-SecureString $RedisLab.password -AsPlainText -Force
        $script:PartSizeKey = "partsize:$([Guid]::NewGuid().ToString('N'))"
        # A small object: the part size is an upper bound on a part, so one key's logical dump is one short part.
        Invoke-LabRedisCli SET $PartSizeKey 'part size test'
    }

    AfterAll { Invoke-LabRedisCli DEL $PartSizeKey }

    It 'refuses <Size> MB before opening anything, because a part of 2 GiB or more cannot be held (it used to wrap to a negative size) [<Kind>]' -ForEach @(
        @{ Kind = 'S3'; Size = 2048 }, @{ Kind = 'Azure'; Size = 2048 }, @{ Kind = 'S3'; Size = 4096 }, @{ Kind = 'Azure'; Size = 4096 }
    ) {
        $refused = $null
        try { New-TestStore -Kind $Kind -PartSizeMB $Size | Out-Null } catch { $refused = $_ }
        $refused.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        "$refused" | Should -Match '2047'
    }

    It 'uploads a small object at the largest part size, 2047 MB, allocating what the object needs and not a whole part [<Kind>]' -ForEach @(
        @{ Kind = 'S3' }, @{ Kind = 'Azure' }
    ) {
        $store = New-TestStore -Kind $Kind -PartSizeMB 2047
        $before = [GC]::GetTotalAllocatedBytes($true)
        $backup = New-RedisBackup $RedisLab.primary -Password $RedisPassword -Mode Logical -Pattern $PartSizeKey -Store $store -Name partsize -Confirm:$false
        $allocated = [GC]::GetTotalAllocatedBytes($true) - $before
        try {
            $backup.Status | Should -Be 'Succeeded'
            $backup.KeyCount | Should -Be 1
            ($backup | Test-BackupIntegrity -Level Full).Verdict | Should -Be 'Passed'
            $allocated | Should -BeLessThan 256MB -Because 'a buffer grows with the data up to the part size'
        } finally {
            Remove-TestStore $store
        }
    }
}
