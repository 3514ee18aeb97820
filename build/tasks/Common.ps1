# Helpers shared by the build tasks.

function Invoke-Native {
    # Runs a native command, streams its output, and fails the build with the command line when it fails.
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Get-NuGetPackageRoot {
    $line = (& dotnet nuget locals global-packages --list) -join "`n"
    if ($line -notmatch 'global-packages:\s*(.+)') { throw "Cannot find the NuGet packages folder: $line" }
    $Matches[1].Trim()
}

function Get-PesterManifest {
    $path = Join-Path (Get-NuGetPackageRoot) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester is not restored ($path). Run: dotnet pwsh ./build.ps1 -Task Bootstrap" }
    $path
}

function Get-PwshCommand {
    # A fresh pwsh of the same version as this one, for tests and runbooks that must not see this session.
    [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
}

function Invoke-FreshPwsh {
    param([Parameter(Mandatory)] [string] $File, [string[]] $ArgumentList = @())
    $exe = Get-PwshCommand
    $arguments = @('-NoProfile', '-NonInteractive', '-File', $File) + $ArgumentList
    # The local-tool pwsh is a dotnet host; when this process is 'dotnet', run the pwsh tool through it.
    if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        $arguments = @('pwsh') + $arguments
    }
    # The child's output goes to the console; the function's only output is the exit code.
    & $exe @arguments | Out-Host
    $LASTEXITCODE
}
