# Invoke-DrRetention on a folder store holding a synthetic catalog: manifests plus tiny parts, as New-QdrantBackup writes them.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:AsOf = [DateTime]::Parse('2026-11-20T19:00:00Z', [Globalization.CultureInfo]::InvariantCulture, 'AdjustToUniversal')

    function New-SyntheticBackup([string] $Store, [string] $Collection, [DateTime] $StartedAt, [string] $Status = 'Succeeded', [string[]] $Tags = @()) {
        $id = '{0:yyyyMMdd\THHmmss\Z}-{1}' -f $StartedAt, $Collection
        $prefix = "qdrant/$Collection/$id/"
        $bytes = [Text.Encoding]::UTF8.GetBytes("part of $id")
        $partKey = "${prefix}node0-42.snapshot"
        $partPath = Join-Path $Store $partKey
        New-Item -ItemType Directory -Force (Split-Path $partPath) | Out-Null
        [IO.File]::WriteAllBytes($partPath, $bytes)
        $manifest = [ordered]@{
            schemaVersion = 1; kind = 'Qdrant'; id = $id; status = $Status
            startedAt = $StartedAt.ToString('o'); completedAt = $StartedAt.AddMinutes(5).ToString('o')
            tags = @($Tags); problems = @(); collection = $Collection; qdrantVersion = '1.20.0'; nodes = @('http://qdrant-0:6333')
            config = @{ vectors = @(@{ name = ''; size = 4; distance = 'Cosine' }); shardNumber = 1; replicationFactor = 1; writeConsistencyFactor = 1 }
            pointCount = 100
            parts = @(@{
                    key = $partKey; size = $bytes.Length
                    sha256 = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
                    nodeUri = 'http://qdrant-0:6333'; peerId = 42; snapshotName = "$Collection-42.snapshot"
                    shards = @(@{ shardId = 0; pointCount = 100; state = 'Active'; hasData = $true })
                })
            sample = @(); goldenQueries = @(); missingShards = @()
        }
        $manifest | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath (Join-Path $Store "${prefix}manifest.json")
        [pscustomobject]@{ Id = $id; Collection = $Collection; StartedAt = $StartedAt; ManifestKey = "${prefix}manifest.json"; PartKey = $partKey }
    }

    function Get-StoreFiles([string] $Store) {
        # Without the audit log, which every retention run that deletes appends to.
        @(Get-ChildItem -LiteralPath $Store -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($Store, $_.FullName) } | Where-Object { $_ -notlike 'audit/*' } | Sort-Object)
    }

    # Ten days of 6-hourly backups of two collections; the newest an hour before -AsOf.
    function New-SyntheticCatalog([string] $Store) {
        foreach ($collection in 'docs', 'faq') {
            foreach ($i in 0..39) { New-SyntheticBackup $Store $collection $AsOf.AddHours(-1 - 6 * $i) }
        }
    }

    # Computed from the rule's words, not by the engine: younger than 2 days, or the newest backup of one of the last 4 UTC days.
    function Get-ExpectedKept($Backups) {
        foreach ($group in $Backups | Group-Object Collection) {
            $young = $group.Group | Where-Object { ($AsOf - $_.StartedAt) -lt [TimeSpan]::FromDays(2) }
            $daily = $group.Group | Group-Object { $_.StartedAt.Date } | Sort-Object { [DateTime]$_.Name } -Descending |
                Select-Object -First 4 | ForEach-Object { $_.Group | Sort-Object StartedAt -Descending | Select-Object -First 1 }
            @($young) + @($daily) | ForEach-Object Id | Sort-Object -Unique
        }
    }

    $script:Policy = New-DrRetentionPolicy -Kind Qdrant -MaxAge 2.00:00:00 -KeepDaily 4
}

Describe 'Invoke-DrRetention' {
    BeforeEach {
        $script:Store = New-TestStore
        $script:Backups = New-SyntheticCatalog $Store
        $script:ExpectedKept = @(Get-ExpectedKept $Backups | Sort-Object)
    }

    It 'with -WhatIf changes nothing and reports a decision with reasons for every backup' {
        $before = Get-StoreFiles $Store

        $decisions = Invoke-DrRetention -Store $Store -Policy $Policy -AsOf $AsOf -WhatIf

        Get-StoreFiles $Store | Should -Be $before
        $decisions | Should -HaveCount 80
        $decisions | ForEach-Object { $_.Reasons | Should -Not -BeNullOrEmpty }
        $decisions | Where-Object Deleted | Should -BeNullOrEmpty
        @($decisions | Where-Object Action -eq Keep | ForEach-Object BackupId | Sort-Object) | Should -Be $ExpectedKept
        (Get-DrBackup -Store $Store) | Should -HaveCount 80
    }

    It 'deletes exactly the Delete set: manifests and parts gone, the kept backups still listed' {
        $ExpectedKept | Should -HaveCount 20 -Because 'per collection 8 backups of the last 2 days and 2 more daily slots'

        $decisions = Invoke-DrRetention -Store $Store -Policy $Policy -AsOf $AsOf -Confirm:$false -ErrorVariable failures

        $failures | Should -BeNullOrEmpty
        $deleted = @($decisions | Where-Object Action -eq Delete)
        $deleted | Should -HaveCount 60
        $deleted | ForEach-Object { $_.Deleted | Should -BeTrue; $_.BytesFreed | Should -BeGreaterThan 0 }
        @(Get-DrBackup -Store $Store | ForEach-Object Id | Sort-Object) | Should -Be $ExpectedKept
        $files = Get-StoreFiles $Store
        foreach ($backup in $Backups) {
            $gone = $backup.Id -notin $ExpectedKept
            ($files -contains $backup.ManifestKey) | Should -Be (-not $gone)
            ($files -contains $backup.PartKey) | Should -Be (-not $gone)
        }
        ($decisions | Where-Object BackupId -eq $ExpectedKept[-1]).Reasons | Should -Contain 'within MaxAge 2.00:00:00'
    }

    It 'keeps the newest good backup of each collection when all are old, skipping a newer broken one' {
        $old = $AsOf.AddYears(1)
        $newest = $Backups | Where-Object Collection -eq docs | Sort-Object StartedAt -Descending | Select-Object -First 2
        Remove-Item (Join-Path $Store $newest[0].PartKey)

        $decisions = Invoke-DrRetention -Store $Store -AsOf $old -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue

        $survivors = @(Get-DrBackup -Store $Store)
        $survivors.Id | Sort-Object | Should -Be @($newest[1].Id, ($Backups | Where-Object Collection -eq faq | Sort-Object StartedAt | Select-Object -Last 1).Id | Sort-Object)
        ($decisions | Where-Object BackupId -eq $newest[1].Id).Reasons | Should -Be @('newest backup that passes integrity (Quick)')
        ($warnings -join "`n") | Should -Match ([regex]::Escape($newest[0].Id) + '.*fails integrity')
    }

    It 'plans with the default 30-day policy: nothing of ten days is deleted' {
        $decisions = Invoke-DrRetention -Store $Store -AsOf $AsOf -WhatIf
        $decisions | Where-Object Action -eq Delete | Should -BeNullOrEmpty
    }
}

Describe 'Retention policies' {
    It 'New-DrRetentionPolicy defaults MaxAge to the plan (Qdrant 30 days, Redis 7 days)' {
        (New-DrRetentionPolicy -Kind Qdrant).MaxAge | Should -Be ([TimeSpan]::FromDays(30))
        (New-DrRetentionPolicy -Kind redis -KeepLast 2).MaxAge | Should -Be ([TimeSpan]::FromDays(7))
        (New-DrRetentionPolicy -Kind redis -KeepLast 2).Kind | Should -BeExactly 'Redis'
    }

    It 'refuses a policy that keeps nothing, or a negative count, with RetentionPolicyInvalid' {
        { New-DrRetentionPolicy -Kind Qdrant -MaxAge 0 -ErrorAction Stop } | Should -Throw -ErrorId 'RetentionPolicyInvalid*'
        { New-DrRetentionPolicy -Kind Qdrant -KeepDaily -1 -ErrorAction Stop } | Should -Throw -ErrorId 'RetentionPolicyInvalid*'
    }

    It 'refuses two policies for one kind before touching the store' {
        $store = New-TestStore
        $backup = New-SyntheticBackup $store 'docs' $AsOf.AddDays(-100)
        New-SyntheticBackup $store 'docs' $AsOf.AddDays(-101) | Out-Null
        $twice = (New-DrRetentionPolicy -Kind Qdrant -KeepLast 1), (New-DrRetentionPolicy -Kind Qdrant -KeepDaily 1)

        { Invoke-DrRetention -Store $store -Policy $twice -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'RetentionPolicyInvalid*'
        Get-DrBackup -Store $store | Should -HaveCount 2
        $backup | Should -Not -BeNullOrEmpty
    }
}
