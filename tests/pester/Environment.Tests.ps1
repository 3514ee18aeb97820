# Import-DrEnvironment and -Environment/-Region on the existing cmdlets, against the lab. The test writes its own
# environment file from lab.json (secrets only as variable names) and removes its collection and stores.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Lab = Get-LabConfig
    $script:Redis = Get-LabRedis
    $script:Suffix = [Guid]::NewGuid().ToString('N').Substring(0, 8)
    $script:Collection = "env-test-$Suffix"
    $script:Variables = @{ "PUBSECDR_ENVTEST_QDRANT_$Suffix" = $Lab.qdrant.apiKey; "PUBSECDR_ENVTEST_REDIS_$Suffix" = $Redis.password }
    foreach ($name in $Variables.Keys) { Set-Item "env:$name" $Variables[$name] }

    function New-TestEnvironmentFile([string] $Path, [hashtable] $Change = @{}) {
        $document = [ordered]@{
            name    = "envtest-$Suffix"
            regions = [ordered]@{
                primary   = [ordered]@{
                    kubernetes = [ordered]@{ kubeconfig = $Lab.kubernetes.kubeconfig; context = $Lab.kubernetes.context; namespace = $Lab.kubernetes.namespace }
                    qdrant     = [ordered]@{ rest = @($Lab.qdrant.nodes.rest); grpc = $Lab.qdrant.nodes[0].grpc; apiKeyVariable = "PUBSECDR_ENVTEST_QDRANT_$Suffix" }
                    redis      = [ordered]@{ endpoint = $Redis.primary; passwordVariable = "PUBSECDR_ENVTEST_REDIS_$Suffix" }
                    store      = [ordered]@{ location = 'store-primary' }
                }
                secondary = [ordered]@{
                    redis = [ordered]@{ endpoint = $Redis.replica; passwordVariable = "PUBSECDR_ENVTEST_REDIS_$Suffix" }
                    store = [ordered]@{ location = 'store-secondary' }
                }
            }
        }
        foreach ($key in $Change.Keys) { Invoke-Expression "`$document.$key = `$Change[`$key]" }
        $document | ConvertTo-Json -Depth 8 | Set-Content $Path
        $Path
    }

    $script:EnvironmentPath = New-TestEnvironmentFile (Join-Path $TestDrive 'env.json')
    $script:Environment = Import-DrEnvironment $EnvironmentPath
    New-LabCollection -Name $Collection -PointCount 200
}

AfterAll {
    Remove-LabCollection $Collection
    foreach ($name in $Variables.Keys) { Remove-Item "env:$name" -ErrorAction Ignore }
}

Describe 'Import-DrEnvironment' {
    It 'returns a validated environment with paths beside the file and the plan''s objectives' {
        $Environment.PSObject.TypeNames | Should -Contain 'PubSec.Dr.Environment'
        $Environment.Regions.Keys | Sort-Object | Should -Be @('primary', 'secondary')
        $Environment.Region('primary').Store.Location | Should -Be (Join-Path $TestDrive 'store-primary')
        $Environment.Objectives.Rto | Should -Be ([TimeSpan]::FromHours(2))
        $Environment.Objectives.RpoMax | Should -Be ([TimeSpan]::FromHours(1))
        ($Environment | Out-String) | Should -Match "envtest-$Suffix\s+primary, secondary"
    }

    It 'accepts the lab''s own environment file' {
        $lab = Import-DrEnvironment (Join-Path $RepoRoot 'out/lab/dr-environment.json')
        $lab.Regions.Keys | Sort-Object | Should -Be @('primary', 'secondary')
        $lab.Dns.Records.Name | Should -Contain 'pubsec-info-assistant.com.'
    }

    It 'refuses a file holding a secret, naming the field and never the value' {
        $path = New-TestEnvironmentFile (Join-Path $TestDrive 'secret.json') @{ 'regions.primary.redis.password' = $Redis.password }
        $failure = { Import-DrEnvironment $path } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'EnvironmentSecretInFile,*'
        $failure.CategoryInfo.Category | Should -Be 'SecurityError'
        $failure.Exception.Message | Should -Match 'regions\.primary\.redis\.password'
        $failure.Exception.Message | Should -Not -Match ([regex]::Escape($Redis.password))
    }

    It 'lists every problem of a bad file by field' {
        $path = New-TestEnvironmentFile (Join-Path $TestDrive 'bad.json') @{ 'regions.primary.qdrant.rest' = @('htp://nope'); 'regions.secondary.redis' = @{ endpont = 'x' } }
        $failure = { Import-DrEnvironment $path } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'EnvironmentInvalid,*'
        $failure.Exception.Message | Should -Match 'regions\.primary\.qdrant\.rest\[0\]'
        $failure.Exception.Message | Should -Match 'regions\.secondary\.redis\.endpont: unknown field'
        $failure.Exception.Message | Should -Match 'regions\.secondary\.redis\.endpoint: is required'
    }

    It 'says when the file does not exist' {
        { Import-DrEnvironment (Join-Path $TestDrive 'none.json') } | Should -Throw -ErrorId 'EnvironmentNotFound,*'
    }
}

Describe 'Cmdlets with -Environment and -Region' {
    It 'backs up, lists and checks a collection with the region''s Qdrant and store' {
        $backup = New-QdrantBackup -Environment $Environment -Region primary -Collection $Collection -Confirm:$false
        $backup.Status | Should -Be 'Succeeded'
        $backup.Store.ToString() | Should -BeLike "*store-primary*"
        $listed = Get-DrBackup -Environment $Environment -Region primary -Collection $Collection
        $listed.Id | Should -Be $backup.Id
        ($listed | Test-BackupIntegrity -Environment $Environment -Region primary -Level Full).Verdict | Should -Be 'Passed'
    }

    It 'copies into another region''s store' {
        $copy = Get-DrBackup -Environment $Environment -Region primary -Collection $Collection |
            Copy-DrBackup -Environment $Environment -Region secondary -Confirm:$false
        $copy.Store.ToString() | Should -BeLike "*store-secondary*"
        (Get-DrBackup -Environment $Environment -Region secondary -Collection $Collection).Id | Should -Be $copy.Id
    }

    It 'backs up the region''s Redis with the password from the named variable' {
        $backup = New-RedisBackup -Environment $Environment -Region primary -Mode Logical -Pattern "envtest-none-$Suffix*" -Name "envtest-$Suffix" -Confirm:$false
        $backup.Status | Should -Be 'Succeeded'
        $backup.Store.ToString() | Should -BeLike "*store-primary*"
    }

    It 'checks the secondary''s replica against the other region''s primary' {
        $status = Test-RedisReplication -Environment $Environment -Region secondary -ErrorAction SilentlyContinue
        $status.Primary | Should -Be $Redis.primary
        $status.Replica | Should -Be $Redis.replica
    }

    It 'lets explicit parameters win over the region''s' {
        $other = Join-Path $TestDrive 'explicit-store'
        (New-QdrantBackup -Environment $Environment -Region primary -Collection $Collection -Store $other -Confirm:$false).Store.ToString() | Should -BeLike '*explicit-store*'
    }

    It 'fails before any work with a stable id when the region lacks the section or the variable' {
        { New-QdrantBackup -Environment $Environment -Region secondary -Collection $Collection -Confirm:$false } | Should -Throw -ErrorId 'EnvironmentSectionMissing,*'
        { New-QdrantBackup -Environment $Environment -Region tertiary -Collection $Collection -Confirm:$false } | Should -Throw -ErrorId 'EnvironmentRegionUnknown,*'
        { New-QdrantBackup -Environment $Environment -Collection $Collection -Confirm:$false } | Should -Throw -ErrorId 'EnvironmentRegionUnknown,*'
        { New-QdrantBackup -Region primary -Collection $Collection -Store (Join-Path $TestDrive 'x') -Confirm:$false } | Should -Throw -ErrorId 'EnvironmentParameterConflict,*'
        { New-QdrantBackup -Collection $Collection -Store (Join-Path $TestDrive 'x') -Confirm:$false } | Should -Throw -ErrorId 'ParameterRequired,*'
        Remove-Item "env:PUBSECDR_ENVTEST_QDRANT_$Suffix"
        try {
            $failure = { New-QdrantBackup -Environment $Environment -Region primary -Collection $Collection -Confirm:$false } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -BeLike 'EnvironmentSecretMissing,*'
            $failure.Exception.Message | Should -Match "PUBSECDR_ENVTEST_QDRANT_$Suffix"
        } finally {
            Set-Item "env:PUBSECDR_ENVTEST_QDRANT_$Suffix" $Lab.qdrant.apiKey
        }
    }
}
