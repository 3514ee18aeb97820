# Dot-sourced by the drill tests: a drill run in a child pwsh and killed once its ledger shows what the test waits
# for, so the next drill finds a killed drill's leftovers. Needs TestSetup.ps1 ($ModuleManifest, $RepoRoot).

function Stop-DrillWhenLedger {
    # Starts Invoke-DrDrill -Scenario $Scenario on the environment file in a child pwsh, polls the drill's ledger under
    # $Store until $Ready (given the parsed ledger) is true, SIGKILLs the child and returns the ledger with the pid.
    param([Parameter(Mandatory)] [string] $EnvironmentPath, [Parameter(Mandatory)] [string] $EnvironmentName, [Parameter(Mandatory)] [string] $Store,
        [Parameter(Mandatory)] [string] $Scenario, [Parameter(Mandatory)] [scriptblock] $Ready, [int] $TimeoutSeconds = 180)
    $childScript = Join-Path ([IO.Path]::GetTempPath()) "drill-child-$([Guid]::NewGuid().ToString('N').Substring(0, 8)).ps1"
    Set-Content $childScript @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
Import-Module '$(Join-Path $RepoRoot 'tests/lab/PubSecLab.psm1')'
Set-LabEnvironmentVariables
Invoke-DrDrill -Environment (Import-DrEnvironment -Path '$EnvironmentPath') -Scenario $Scenario -Confirm:`$false -ProgressAction SilentlyContinue
"@
    try {
        # The real pwsh (dotnet pwsh.dll), not the `dotnet pwsh` launcher, which would leave its child running when killed.
        $info = [Diagnostics.ProcessStartInfo]::new([Diagnostics.Process]::GetCurrentProcess().MainModule.FileName)
        if ([IO.Path]::GetFileNameWithoutExtension($info.FileName) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $childScript) { $info.ArgumentList.Add($argument) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $child = [Diagnostics.Process]::Start($info)
        $childOut = $child.StandardOutput.ReadToEndAsync()
        $childErr = $child.StandardError.ReadToEndAsync()

        $running = Join-Path $Store "drills/$EnvironmentName/running"
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        $ledger = $null
        while (-not $ledger) {
            if ($child.HasExited) { throw "The drill ended (exit $($child.ExitCode)) before the ledger showed what the test waits for: $($childOut.Result) $($childErr.Result)" }
            if ([DateTime]::UtcNow -gt $deadline) { $child.Kill(); throw "The drill's ledger did not show what the test waits for within $TimeoutSeconds s." }
            $file = Get-ChildItem $running -Filter *.json -ErrorAction Ignore | Select-Object -First 1
            $seen = if ($file) { try { Get-Content $file.FullName -Raw | ConvertFrom-Json } catch { $null } }
            if ($seen -and (& $Ready $seen)) { $ledger = $seen } else { Start-Sleep -Milliseconds 50 }
        }
        Stop-Process -Id $child.Id -Force
        $child.WaitForExit()
        $ledger | Add-Member -NotePropertyName ChildId -NotePropertyValue $child.Id -PassThru
    }
    finally { Remove-Item $childScript -ErrorAction Ignore }
}
