# Azure Automation keeps a runbook's settings and secrets as Automation variables and credentials, read with the
# sandbox's Get-AutomationVariable / Get-AutomationPSCredential (issue 14 item 1). Those commands cannot run here, so
# these tests define them, as the sandbox does, over a table of assets: Import-DrEnvironment must take each secret
# the environment file names from them, and a runbook must run with nothing but Automation assets.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'TestRunbooks.ps1')
    $script:Lab = Get-LabConfig
    $script:Secrets = Get-LabSecrets
    $script:SecretVariables = 'PUBSECDR_LAB_QDRANT_API_KEY', 'PUBSECDR_LAB_REDIS_PASSWORD', 'PUBSECDR_LAB_AWS_ACCESS_KEY_ID', 'PUBSECDR_LAB_AWS_SECRET_ACCESS_KEY'
    $script:Saved = @{}
    foreach ($name in $SecretVariables) { $Saved[$name] = [Environment]::GetEnvironmentVariable($name) }

    # The assets an Automation account would hold: the Redis password as a credential, the rest as variables.
    $script:AutomationVariables = @{
        PUBSECDR_LAB_QDRANT_API_KEY        = $Lab.qdrant.apiKey
        PUBSECDR_LAB_AWS_ACCESS_KEY_ID     = $Lab.route53.accessKeyId
        PUBSECDR_LAB_AWS_SECRET_ACCESS_KEY = $Lab.route53.secretAccessKey
    }
    $script:AutomationCredentials = @{ PUBSECDR_LAB_REDIS_PASSWORD = $Lab.redis.password }

    function Set-AutomationSandbox {
        # The sandbox's commands: a missing asset is an error, as in Azure Automation.
        $variables = $AutomationVariables
        $credentials = $AutomationCredentials
        Set-Item function:global:Get-AutomationVariable {
            [CmdletBinding()] param([string] $Name)
            if ($variables.ContainsKey($Name)) { $variables[$Name] } else { Write-Error "Variable asset '$Name' not found." }
        }.GetNewClosure()
        Set-Item function:global:Get-AutomationPSCredential {
            [CmdletBinding()] param([string] $Name)
            if ($credentials.ContainsKey($Name)) { [pscredential]::new('automation', (ConvertTo-SecureString $credentials[$Name] -AsPlainText -Force)) }
            else { Write-Error "Credential asset '$Name' not found." }
        }.GetNewClosure()
    }

    # Function:\ finds them through the scope chain; a global: qualifier in the path does not remove a global function.
    function Remove-AutomationSandbox { Remove-Item Function:\Get-AutomationVariable, Function:\Get-AutomationPSCredential -ErrorAction Ignore }
    function Clear-SecretVariables { foreach ($name in $SecretVariables) { [Environment]::SetEnvironmentVariable($name, $null) } }
}

AfterAll {
    Remove-AutomationSandbox
    foreach ($name in $SecretVariables) { [Environment]::SetEnvironmentVariable($name, $Saved[$name]) }
}

Describe 'Import-DrEnvironment in an Azure Automation sandbox' {
    BeforeEach {
        Clear-SecretVariables
        Set-AutomationSandbox
    }

    AfterEach { Remove-AutomationSandbox }

    It 'reads each secret the file names from the Automation variable, else the credential, of that name, and says which, never what' {
        $verbose = @(Import-DrEnvironment -Path (Get-LabEnvironmentPath) -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] })

        $env:PUBSECDR_LAB_QDRANT_API_KEY | Should -Be $Lab.qdrant.apiKey
        $env:PUBSECDR_LAB_REDIS_PASSWORD | Should -Be $Lab.redis.password -Because 'the credential''s password'
        $env:PUBSECDR_LAB_AWS_SECRET_ACCESS_KEY | Should -Be $Lab.route53.secretAccessKey
        $text = $verbose.Message -join "`n"
        $text | Should -Match 'Read 4 secret\(s\) from Azure Automation assets'
        foreach ($name in $SecretVariables) { $text | Should -Match $name }
        foreach ($secret in $Secrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }

    It 'gives the cmdlets what they need: the replication check logs in to both Redis servers with the password' {
        $environment = Import-DrEnvironment -Path (Get-LabEnvironmentPath)
        $status = Test-RedisReplication -Environment $environment -Region secondary
        $status.Verdict | Should -Be 'Healthy'
    }

    It 'leaves a variable the process already has as it is' {
        $env:PUBSECDR_LAB_QDRANT_API_KEY = 'set-by-the-host'
        $null = Import-DrEnvironment -Path (Get-LabEnvironmentPath)
        $env:PUBSECDR_LAB_QDRANT_API_KEY | Should -Be 'set-by-the-host'
    }

    It 'changes nothing outside Azure Automation' {
        Remove-AutomationSandbox
        Get-Command Get-AutomationVariable, Get-AutomationPSCredential -ErrorAction Ignore | Should -BeNullOrEmpty
        $null = Import-DrEnvironment -Path (Get-LabEnvironmentPath)
        foreach ($name in $SecretVariables) { [Environment]::GetEnvironmentVariable($name) | Should -BeNullOrEmpty -Because "$name was not set" }
    }
}

Describe 'A scheduled runbook in an Azure Automation sandbox' {
    BeforeAll {
        $script:RunbookEnvironment = New-RunbookEnvironment
        $script:EnvironmentFile = $RunbookEnvironment.File
    }

    AfterAll { Remove-RunbookEnvironment $RunbookEnvironment }

    It 'runs with nothing but Automation assets: the settings, the environment file''s JSON and every secret' {
        # The file's text as an Automation variable (no file in a cloud sandbox): its relative kubeconfig made absolute.
        $json = Get-Content -LiteralPath $EnvironmentFile -Raw | ConvertFrom-Json -AsHashtable
        foreach ($region in $json.regions.Values) { $region.kubernetes.kubeconfig = Join-Path (Split-Path $EnvironmentFile) $region.kubernetes.kubeconfig }
        $assets = $AutomationVariables.Clone()
        $assets.PUBSECDR_ENVIRONMENT = $json | ConvertTo-Json -Depth 20
        $assets.PUBSECDR_REGION = 'primary'
        $assets.PUBSECDR_REDIS_MODE = 'Logical'
        # The sandbox: its two commands over the assets (kept in the test's folder), then the runbook as it is shipped.
        $assetFile = Join-Path $TestDrive 'assets.json'
        @{ variables = $assets; credentials = $AutomationCredentials } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $assetFile
        $sandbox = Join-Path $TestDrive 'sandbox.ps1'
        Set-Content -LiteralPath $sandbox -Value @"
`$assets = Get-Content -LiteralPath '$assetFile' -Raw | ConvertFrom-Json -AsHashtable
function Get-AutomationVariable { [CmdletBinding()] param([string] `$Name) if (`$assets.variables.ContainsKey(`$Name)) { `$assets.variables[`$Name] } else { Write-Error "Variable asset '`$Name' not found." } }
function Get-AutomationPSCredential { [CmdletBinding()] param([string] `$Name) [pscredential]::new('automation', (ConvertTo-SecureString `$assets.credentials[`$Name] -AsPlainText -Force)) }
& '$(Join-Path $RepoRoot 'scripts/Invoke-DrRedisBackupRunbook.ps1')'
exit `$LASTEXITCODE
"@
        # No setting and no secret in the process: PUBSECDR_ENVIRONMENT and the secret variables are empty.
        $empty = @{ PUBSECDR_ENVIRONMENT = '' }
        foreach ($name in $SecretVariables) { $empty[$name] = '' }

        $run = Invoke-Runbook $sandbox $empty

        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match 'Redis backup runbook passed: 1 backup\(s\) Succeeded'
        $backup = @(Get-DrBackup -Store $RunbookEnvironment.Stores.primary -Kind Redis)
        ($backup.Count, $backup[0].Status) | Should -Be 1, 'Succeeded'
        (Get-DrAuditLog -Store $RunbookEnvironment.Stores.primary -Command 'Invoke-DrRedisBackupRunbook').Outcome | Should -Be 'Succeeded'
    }
}
