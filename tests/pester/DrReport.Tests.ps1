# Export-DrReport against results built here (the drill engine is tested on its own): one file per format, the
# HTML rendered by Debian's headless Chromium to a PNG that is checked and kept with the test results.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    # The module's types live in its own AssemblyLoadContext, so they are created from the loaded assembly, not
    # by a [PubSec.Dr.X] literal (which looks in the default context).
    $script:Core = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-Command Export-DrReport).ImplementingType.Assembly).Assemblies |
        Where-Object { $_.GetName().Name -eq 'PubSec.Dr.Core' }
    function New-DrObject([string] $Name, [hashtable] $Property = @{}) {
        $object = [Activator]::CreateInstance($Core.GetType("PubSec.Dr.$Name", $true))
        foreach ($key in $Property.Keys) { $object.$key = $Property[$key] }
        $object
    }

    $script:Hostile = '<script>alert(1)</script>'
    $script:Secret = 'report-test-secret-' + [guid]::NewGuid().ToString('N')
    $script:Now = [DateTimeOffset]::UtcNow

    function New-TestDrill([DateTimeOffset] $Start, [string] $Verdict, [int] $RestoreSeconds) {
        $drill = New-DrObject DrillResult @{
            Id = 'drill-' + $Start.ToString('yyyyMMddHHmm'); Environment = 'lab'; Scenario = 'DatabaseRestore'
            StartedAt = $Start; CompletedAt = $Start.AddSeconds($RestoreSeconds + 40); Verdict = $Verdict
            Rto = [TimeSpan]::FromSeconds($RestoreSeconds + 30); Rpo = [TimeSpan]::FromMinutes(25); RpoBasis = 'age of backup docs-1'
        }
        $offset = 0
        foreach ($phase in @(
                @{ Name = 'Leftovers'; PlanStep = '3.1'; PerformedBy = 'Invoke-DrDrill'; Seconds = 5; Counts = $false }
                @{ Name = 'Restore Qdrant'; PlanStep = '2.2 step 3'; PerformedBy = 'Restore-QdrantCluster'; Seconds = $RestoreSeconds; Counts = $true }
                @{ Name = 'Verify'; PlanStep = '2.2 step 5'; PerformedBy = 'Compare-QdrantCollection'; Seconds = 30; Counts = $true })) {
            $drill.Phases.Add((New-DrObject DrillPhase @{
                        Name = $phase.Name; PlanStep = $phase.PlanStep; PerformedBy = $phase.PerformedBy; CountsTowardRto = $phase.Counts
                        Status = 'Succeeded'; StartedAt = $Start.AddSeconds($offset); CompletedAt = $Start.AddSeconds($offset + $phase.Seconds)
                        Duration = [TimeSpan]::FromSeconds($phase.Seconds)
                    }))
            $offset += $phase.Seconds
        }
        $drill.Checks.Add((New-DrObject DrillCheck @{ Name = 'Point count'; Passed = $true; Observed = '1000 of 1000'; Target = $Hostile }))
        $drill.Checks.Add((New-DrObject DrillCheck @{ Name = 'Golden queries'; Passed = ($Verdict -eq 'Passed'); Observed = '3 of 3' }))
        $drill.Criteria.Add((New-DrObject DrillCriterion @{ Name = 'RTO < 4 h'; Passed = $true; Observed = "$($RestoreSeconds + 30) s"; Target = '4 h' }))
        $drill
    }

    $script:Drills = @(
        New-TestDrill $Now.AddDays(-56) 'Passed' 70
        New-TestDrill $Now.AddDays(-28) 'Failed' 110
        New-TestDrill $Now.AddHours(-2) 'Passed' 55
    )
    $script:Failover = New-DrObject FailoverResult @{
        Environment = 'lab'; From = 'primary'; To = 'secondary'; Kind = 'Failover'; Verdict = 'WithinObjectives'
        StartedAt = $Now.AddHours(-1); CompletedAt = $Now.AddHours(-1).AddSeconds(12); Rto = [TimeSpan]::FromSeconds(12)
    }
    foreach ($step in 'ConfirmTrigger', 'RedisData', 'DnsSwitch') {
        $Failover.Steps.Add((New-DrObject FailoverStep @{ Name = $step; Status = 'Succeeded'; StartedAt = $Now.AddHours(-1); Duration = [TimeSpan]::FromSeconds(4) }))
    }
    $script:Integrity = New-DrObject IntegrityReport @{ BackupId = 'docs-1'; Kind = 'Qdrant'; Collection = $Hostile; Store = 's3://dr-reports/lab/'; Level = 'Full'; CheckedAt = $Now.UtcDateTime }
    $Integrity.Checks.Add((New-DrObject IntegrityCheck @{ Name = 'Manifest'; Target = 'docs-1'; Passed = $true; Detail = 'ok' }))
    $Integrity.Checks.Add((New-DrObject IntegrityCheck @{ Name = 'PartChecksum'; Target = 'qdrant/docs/0.snapshot'; Passed = $false; Detail = 'sha256 differs'; ErrorId = 'BackupChecksumMismatch' }))

    # A store opened with a credential: the report may name its location, never the secret.
    $credential = [pscredential]::new('AKIAREPORTTEST', (ConvertTo-SecureString $Secret -AsPlainText -Force))
    $script:Store = New-DrBackupStore -Location 's3://dr-reports/lab' -Region 'us-east-1' -Endpoint 'http://127.0.0.1:9' -Credential $credential
    $script:Backups = foreach ($item in @(@{ C = $Hostile; H = 2 }, @{ C = 'docs'; H = 5 }, @{ C = 'docs'; H = 11 }, @{ C = 'stale'; H = 9 })) {
        New-DrObject QdrantBackup @{
            Id = "$($item.C)-$($item.H)h"; Collection = $item.C; Status = 'Succeeded'; Store = $Store
            StartedAt = $Now.UtcDateTime.AddHours(-$item.H).AddMinutes(-2); CompletedAt = $Now.UtcDateTime.AddHours(-$item.H)
        }
    }
    $script:Everything = @($Drills) + @($Failover, $Integrity) + @($Backups)

    # Get-DrDrillHistory's summary of the same drills: newest first, one trend, two of three passed.
    $script:History = New-DrObject DrillHistory @{ Environment = 'lab'; SuccessRate = 2 / 3 }
    foreach ($drill in $Drills | Sort-Object StartedAt -Descending) { $History.Drills.Add($drill) }
    $trend = New-DrObject DrillTrend @{ Scenario = 'DatabaseRestore'; Drills = 3; Passed = 2; RtoDirection = 'Improving'; RpoDirection = 'Steady' }
    foreach ($drill in $Drills) {
        $trend.Points.Add([Activator]::CreateInstance($Core.GetType('PubSec.Dr.DrillTrendPoint', $true), @($drill.StartedAt, $drill.Rto, $drill.Rpo, $drill.Verdict)))
    }
    $History.Trends.Add($trend)

    # The PNG goes with the test results the suite publishes (build/tasks/Test.ps1 writes out/test-results).
    $script:Artifacts = Join-Path $RepoRoot 'out/test-results/report'
    New-Item -ItemType Directory -Force $Artifacts | Out-Null

    function Get-PngSize([string] $Path) {
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        # Signature, then the IHDR chunk: width and height as big-endian 32-bit integers at offsets 16 and 20.
        [System.Text.Encoding]::ASCII.GetString($bytes, 1, 3) | Should -Be 'PNG'
        [System.Text.Encoding]::ASCII.GetString($bytes, 12, 4) | Should -Be 'IHDR'
        [pscustomobject]@{
            Width  = ([int]$bytes[16] -shl 24) -bor ([int]$bytes[17] -shl 16) -bor ([int]$bytes[18] -shl 8) -bor $bytes[19]
            Height = ([int]$bytes[20] -shl 24) -bor ([int]$bytes[21] -shl 16) -bor ([int]$bytes[22] -shl 8) -bor $bytes[23]
            Bytes  = $bytes.Length
        }
    }

    function Invoke-Screenshot([string] $Html, [string] $Png) {
        if (-not (Get-Command chromium -CommandType Application -ErrorAction Ignore)) {
            throw "Debian's chromium is not installed; run ./build.ps1 -Task Bootstrap (it installs it)."
        }
        # Debian's chromium: new headless mode; --no-sandbox because the tests run as root; 1 CSS px = 1 image px.
        $arguments = @('--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1',
            "--screenshot=$Png", '--window-size=1280,2000', [Uri]::new($Html).AbsoluteUri)
        $output = & chromium @arguments 2>&1
        if (-not (Test-Path $Png)) { throw "chromium wrote no screenshot (exit $LASTEXITCODE): $($output -join "`n")" }
    }
}

Describe 'Export-DrReport' {
    It 'writes one self-contained HTML page of drills, a failover, an integrity report and backups, and says what it wrote' {
        $path = Join-Path $Artifacts 'drill-report.html'
        $file = $Everything | Export-DrReport -Format Html -Path $path -Title "Lab drills $Hostile" -Force

        $file.PSObject.TypeNames[0] | Should -Be 'PubSec.Dr.ReportFile'
        $file.Path | Should -Be $path
        $file.Format | Should -Be 'Html'
        $file.Drills | Should -Be 3
        $file.Failovers | Should -Be 1
        $file.IntegrityReports | Should -Be 1
        $file.Backups | Should -Be 4
        $file.Bytes | Should -Be (Get-Item $path).Length

        $html = Get-Content -LiteralPath $path -Raw
        $html | Should -Not -Match '<script'
        $html | Should -Not -Match 'https?://'
        $html | Should -Not -Match 'url\('
        $html | Should -Not -BeLike "*$Secret*"
        $html | Should -BeLike '*&lt;script&gt;alert(1)&lt;/script&gt;*'
        $html | Should -BeLike '*s3://dr-reports/lab/*'
        $html | Should -BeLike '*<tr class="row-bad"><td>PartChecksum</td>*'
        ([regex]::Matches($html, '<svg class="chart"')).Count | Should -Be 6 -Because 'three drills, one failover, one trend and the backup ages are drawn'
        $html | Should -BeLike '*OVER the 7 h alert*'
    }

    It 'renders in headless Chromium to a PNG of the window size that is not blank' {
        $html = Join-Path $Artifacts 'drill-report.html'
        if (-not (Test-Path $html)) { $Everything | Export-DrReport -Format Html -Path $html -Force | Out-Null }
        $png = Join-Path $Artifacts 'drill-report.png'
        $blankHtml = Join-Path $TestDrive 'blank.html'
        Set-Content -LiteralPath $blankHtml -Value '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>'
        $blankPng = Join-Path $TestDrive 'blank.png'
        Remove-Item $png -ErrorAction Ignore

        Invoke-Screenshot $html $png
        Invoke-Screenshot $blankHtml $blankPng

        $report = Get-PngSize $png
        $blank = Get-PngSize $blankPng
        $report.Width | Should -Be 1280
        $report.Height | Should -Be 2000
        $blank.Width | Should -Be 1280
        # A white page compresses to almost nothing; text, tables and charts do not.
        $report.Bytes | Should -BeGreaterThan ($blank.Bytes * 10) -Because "the report rendered ($($report.Bytes) bytes) and a blank page of the same size is $($blank.Bytes) bytes"
        Write-Host "Export-DrReport HTML rendered by chromium: $png ($($report.Width)x$($report.Height), $($report.Bytes) bytes)"
    }

    It 'writes the same sections as Markdown tables with a row per item, pipes escaped' {
        $path = Join-Path $TestDrive 'report.md'
        $file = $Everything | Export-DrReport -Format Markdown -Path $path

        $file.Format | Should -Be 'Markdown'
        $md = Get-Content -LiteralPath $path -Raw
        foreach ($heading in '## Summary', '## Drills', '## Drill trend', '## Failovers', '## Backup integrity', '## Backups') {
            $md | Should -Match "(?m)^$heading$"
        }
        $md | Should -Not -Match '<script'
        ([regex]::Matches($md, '(?m)^\| Restore Qdrant \| 2\.2 step 3 \| Restore-QdrantCluster \| Succeeded \|')).Count | Should -Be 3
        $md | Should -Match '(?m)^\| PartChecksum \| qdrant/docs/0\.snapshot \| \*\*FAILED\*\* \|'
        ([regex]::Matches($md, '(?m)^\| Qdrant \| (docs|stale|&lt;script&gt;alert\(1\)&lt;/script&gt;) \|.*\| s3://dr-reports/lab/ \|')).Count | Should -Be 4
        $md | Should -Not -BeLike "*$Secret*"
    }

    It 'writes one JSON document with enums as names and every time in UTC with a Z' {
        $path = Join-Path $TestDrive 'report.json'
        $Everything | Export-DrReport -Format Json -Path $path | Out-Null

        $raw = Get-Content -LiteralPath $path -Raw
        $json = $raw | ConvertFrom-Json -DateKind String
        @($json.PSObject.Properties.Name) | Should -Be @('generatedAt', 'title', 'drills', 'failovers', 'integrity', 'backups', 'history')
        $json.drills.Count | Should -Be 3
        $json.drills[1].verdict | Should -Be 'Failed'
        $json.drills[0].scenario | Should -Be 'DatabaseRestore'
        $json.failovers[0].steps[1].name | Should -Be 'RedisData'
        $json.integrity[0].level | Should -Be 'Full'
        $json.backups[0].status | Should -Be 'Succeeded'
        $json.generatedAt | Should -Match 'Z$'
        $times = [regex]::Matches($raw, '"(\d{4}-\d\d-\d\dT[^"]*)"') | ForEach-Object { $_.Groups[1].Value }
        $times.Count | Should -BeGreaterThan 20
        $times | Where-Object { $_ -notmatch 'Z$' } | Should -BeNullOrEmpty
        $raw | Should -Not -BeLike "*$Secret*"
    }

    It 'takes a drill history: the success rate against the plan''s 95%, the trend, and the history in the JSON' {
        $html = Join-Path $TestDrive 'history.html'
        $file = $History | Export-DrReport -Format Html -Path $html
        $file.History | Should -BeTrue
        $file.Drills | Should -Be 0
        $page = Get-Content -LiteralPath $html -Raw
        $page | Should -BeLike '*66.7% (target &gt; 95%): NOT met*'
        $page | Should -BeLike '*aria-label="RTO and RPO trend of the DatabaseRestore drills"*'
        ([regex]::Matches($page, '<circle class="point"')).Count | Should -Be 6 -Because 'three drills, each with an RTO and an RPO dot'

        $json = Join-Path $TestDrive 'history.json'
        @($History) + @($Drills) | Export-DrReport -Format Json -Path $json | Out-Null
        $document = Get-Content -LiteralPath $json -Raw | ConvertFrom-Json -DateKind String
        $document.history.environment | Should -Be 'lab'
        $document.history.drills.Count | Should -Be 3
        $document.history.trends[0].scenario | Should -Be 'DatabaseRestore'
        $document.history.trends[0].points[0].verdict | Should -Be 'Passed'
        $document.history.trends[0].points[0].startedAt | Should -Match 'Z$'
        [math]::Round($document.history.successRate, 3) | Should -Be 0.667
    }

    It 'takes an array given to -InputObject item by item' {
        $file = Export-DrReport -InputObject @($Drills + $Backups) -Format Markdown -Path (Join-Path $TestDrive 'array.md')
        $file.Drills | Should -Be 3
        $file.Backups | Should -Be 4
    }

    It 'takes what Get-DrBackup and Test-BackupIntegrity emit from a real store' {
        # A folder store with one manifest and part per collection, laid out as New-QdrantBackup writes them.
        $storePath = Join-Path $TestDrive 'store'
        foreach ($item in @(@{ C = 'docs'; H = 3 }, @{ C = 'faq'; H = 8 })) {
            $started = $Now.UtcDateTime.AddHours(-$item.H).AddMinutes(-5)
            $id = '{0:yyyyMMdd\THHmmss\Z}-{1}' -f $started, $item.C
            $prefix = "qdrant/$($item.C)/$id/"
            $bytes = [Text.Encoding]::UTF8.GetBytes("part of $id")
            New-Item -ItemType Directory -Force (Join-Path $storePath $prefix) | Out-Null
            [IO.File]::WriteAllBytes((Join-Path $storePath "${prefix}node0-42.snapshot"), $bytes)
            [ordered]@{
                schemaVersion = 1; kind = 'Qdrant'; id = $id; status = 'Succeeded'
                startedAt = $started.ToString('o'); completedAt = $started.AddMinutes(5).ToString('o')
                tags = @(); problems = @(); collection = $item.C; qdrantVersion = '1.20.0'; nodes = @('http://qdrant-0:6333')
                config = @{ vectors = @(@{ name = ''; size = 4; distance = 'Cosine' }); shardNumber = 1; replicationFactor = 1; writeConsistencyFactor = 1 }
                pointCount = 100
                parts = @(@{
                        key = "${prefix}node0-42.snapshot"; size = $bytes.Length
                        sha256 = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
                        nodeUri = 'http://qdrant-0:6333'; peerId = 42; snapshotName = "$($item.C)-42.snapshot"
                        shards = @(@{ shardId = 0; pointCount = 100; state = 'Active'; hasData = $true })
                    })
                sample = @(); goldenQueries = @(); missingShards = @()
            } | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath (Join-Path $storePath "${prefix}manifest.json")
        }
        $backups = @(Get-DrBackup -Store $storePath)
        $checks = @($backups | Test-BackupIntegrity -Level Quick)
        $backups.Count | Should -Be 2

        $path = Join-Path $TestDrive 'store.md'
        $file = @($backups) + @($checks) | Export-DrReport -Format Markdown -Path $path
        $file.Backups | Should -Be 2
        $file.IntegrityReports | Should -Be 2
        $md = Get-Content -LiteralPath $path -Raw
        $md | Should -Match '(?m)^\| Qdrant \| faq \| .* \| 8 h \| \*\*OVER 7 h\*\* \|$'
        $md | Should -Match '(?m)^\| Qdrant \| docs \| .* \| 3 h \| within \|$'
        $md | Should -Match ([regex]::Escape(([Uri]::new($storePath + '/')).AbsoluteUri))
    }

    It 'reports an object it cannot show as ReportInputUnsupported and writes the rest' {
        $path = Join-Path $TestDrive 'partial.html'
        $file = @($Drills[0], 'not a result', $Failover) | Export-DrReport -Format Html -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ReportInputUnsupported,*'
        $file.Drills | Should -Be 1
        $file.Failovers | Should -Be 1
    }

    It 'refuses to overwrite a file without -Force (ReportExists), and -WhatIf writes nothing' {
        $path = Join-Path $TestDrive 'exists.json'
        Set-Content -LiteralPath $path -Value 'keep me'

        { $Drills | Export-DrReport -Format Json -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'ReportExists,*'
        Get-Content -LiteralPath $path -Raw | Should -Be "keep me`n"

        $new = Join-Path $TestDrive 'whatif.json'
        $Drills | Export-DrReport -Format Json -Path $new -WhatIf | Should -BeNullOrEmpty
        Test-Path $new | Should -BeFalse

        $Drills | Export-DrReport -Format Json -Path $path -Force | Out-Null
        (Get-Content -LiteralPath $path -Raw | ConvertFrom-Json).drills.Count | Should -Be 3
    }

    It 'names a folder that does not exist (ReportDirectoryNotFound) before reading any input' {
        $path = Join-Path $TestDrive 'missing/report.html'
        { $Drills | Export-DrReport -Format Html -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'ReportDirectoryNotFound,*'
        Test-Path (Join-Path $TestDrive 'missing') | Should -BeFalse
    }
}
