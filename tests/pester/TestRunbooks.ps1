# Dot-sourced by the runbook tests: a copy of the lab's environment file whose regions' stores are the test's own
# folders (so what runbooks write, copy and prune is only what the test made), and a runbook run the way a CronJob
# runs it: `pwsh -File` in a fresh process, settings from PUBSECDR_* variables, the exit code the verdict, and its
# whole output checked for every lab secret.

function Get-LabSecrets {
    # The Qdrant key, the Redis password, the S3 secret key and the Azure account key (and its connection string).
    $lab = Get-LabConfig
    @($lab.qdrant.apiKey, $lab.redis.password, $lab.s3.secretAccessKey, $lab.azure.connectionString,
        [regex]::Match($lab.azure.connectionString, 'AccountKey=([^;]+)').Groups[1].Value) | Where-Object { $_ }
}

function New-RunbookEnvironment {
    # Beside the original, so its relative paths (kubeconfig) still resolve; Remove-RunbookEnvironment deletes it.
    $source = Get-LabEnvironmentPath
    $file = Join-Path (Split-Path $source) "dr-environment-runbooks-$([Guid]::NewGuid().ToString('N')).json"
    $environment = Get-Content $source -Raw | ConvertFrom-Json -AsHashtable
    # Not under TestDrive: Pester empties that after each Describe, and Describes build on each other's backups.
    $root = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "pubsecdr-runbooks-$([Guid]::NewGuid().ToString('N'))")).FullName
    $stores = @{}
    foreach ($name in 'primary', 'secondary') {
        $stores[$name] = (New-Item -ItemType Directory -Path (Join-Path $root "store-$name")).FullName
        $environment.regions[$name].store = @{ location = $stores[$name] }
    }
    $environment | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $file
    [pscustomobject]@{ File = $file; StoreRoot = $root; Stores = $stores }
}

function Remove-RunbookEnvironment($RunbookEnvironment) {
    Remove-Item -LiteralPath $RunbookEnvironment.File -ErrorAction Ignore
    Remove-Item -LiteralPath $RunbookEnvironment.StoreRoot -Recurse -Force -ErrorAction Ignore
}

# Reads $EnvironmentFile (the environment the runbook gets) and $Secrets from the calling test file's scope.
function Invoke-Runbook([string] $Name, [hashtable] $Environment = @{}, [string[]] $Arguments = @()) {
    # A runbook of scripts/ by name, or any script by its full path (a host wrapper that runs one).
    $startInfo = New-FreshPwshStartInfo -File $(if ([IO.Path]::IsPathRooted($Name)) { $Name } else { Join-Path $RepoRoot "scripts/$Name" })
    foreach ($argument in $Arguments) { $startInfo.ArgumentList.Add($argument) }
    $startInfo.Environment['PSModulePath'] = (Join-Path $RepoRoot 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
    foreach ($variable in @($startInfo.Environment.Keys | Where-Object { $_ -like 'PUBSECDR_*' -and $_ -notlike 'PUBSECDR_LAB_*' })) { $null = $startInfo.Environment.Remove($variable) }
    $startInfo.Environment['PUBSECDR_ENVIRONMENT'] = $EnvironmentFile
    foreach ($variable in $Environment.GetEnumerator()) { $startInfo.Environment[$variable.Key] = $variable.Value }
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($startInfo)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEndAsync()
    if (-not $process.WaitForExit(300000)) { $process.Kill($true); throw "$Name did not end within 5 minutes." }
    $process.WaitForExit()
    $run = [pscustomobject]@{ ExitCode = $process.ExitCode; Text = $stdout.Result + $stderr.Result }
    foreach ($secret in $Secrets) { $run.Text | Should -Not -Match ([regex]::Escape($secret)) -Because "$Name never prints a secret" }
    $run
}
